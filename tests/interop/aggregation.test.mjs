// Interop of the runtime's KPL aggregated records with aws-kinesis-agg, an independent
// implementation of the format (protobufjs underneath), in both directions:
//  1. records aggregated by AggregatedRecordBuilder decode with aws-kinesis-agg's
//     deaggregateSync (computeChecksums on) to exactly the user records put in, every one counted;
//  2. records aggregated by aws-kinesis-agg's aggregate() decode with KinesisDeaggregator to
//     exactly the user records given to aggregate().
// The .NET side is the fixture in AggregationFixture/. test.sh builds it with the solution
// (Release); when its dll is missing this file builds it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const agg = require('aws-kinesis-agg');
// The library's own protobuf type, to see which optional fields are present on the wire.
const { AggregatedRecord } = require('aws-kinesis-agg/lib/common.js');

const here = dirname(fileURLToPath(import.meta.url));
const fixtureProject = join(here, 'AggregationFixture', 'AggregationFixture.csproj');
const fixtureDll = join(here, 'AggregationFixture', 'bin', 'Release', 'net10.0', 'KinesisAnalyzers.Interop.AggregationFixture.dll');
const MAGIC = 'f3899ac2';

let work;
let cases; // the fixture's aggregate output, produced once

function runFixture(...args) {
  execFileSync('dotnet', [fixtureDll, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
}

before(() => {
  if (!existsSync(fixtureDll)) {
    execFileSync('dotnet', ['build', fixtureProject, '-c', 'Release', '-nologo', '-v', 'q'], { stdio: 'inherit' });
  }
  work = mkdtempSync(join(tmpdir(), 'kpl-interop-'));
  const output = join(work, 'aggregated.json');
  runFixture('aggregate', output);
  ({ cases } = JSON.parse(readFileSync(output, 'utf8')));
});

after(() => rmSync(work, { recursive: true, force: true }));

function deaggregateWithAwsKinesisAgg(kinesisRecord) {
  let result;
  agg.deaggregateSync(kinesisRecord, true, (err, userRecords) => {
    if (err) throw err;
    result = userRecords;
  });
  assert.ok(result, 'deaggregateSync did not call back synchronously');
  return result;
}

// Direction 1: .NET aggregates, aws-kinesis-agg decodes.
test('records aggregated by AggregatedRecordBuilder decode with aws-kinesis-agg', async (t) => {
  assert.equal(cases.length, 10, 'the fixture writes ten cases');

  let totalUserRecords = 0;
  for (const c of cases) {
    await t.test(c.name, () => {
      assert.ok(c.userRecords.length > 0);
      const decoded = [];
      let sawHashKeyAbsentWithTable = false;

      c.aggregated.forEach((kinesisRecord, index) => {
        const bytes = Buffer.from(kinesisRecord.data, 'base64');
        assert.equal(bytes.subarray(0, 4).toString('hex'), MAGIC, `aggregated record ${index} lacks the KPL magic`);
        if (kinesisRecord.userRecordCount > 1) {
          assert.ok(bytes.length <= c.maxSize, `aggregated record ${index} is ${bytes.length} bytes, over ${c.maxSize}`);
        }

        const userRecords = deaggregateWithAwsKinesisAgg({
          partitionKey: kinesisRecord.partitionKey,
          explicitPartitionKey: kinesisRecord.explicitHashKey,
          sequenceNumber: `seq-${index}`,
          data: kinesisRecord.data,
        });
        assert.equal(userRecords.length, kinesisRecord.userRecordCount, `aggregated record ${index}: user record count`);

        // Field presence straight from the protobuf, because aws-kinesis-agg reads an absent
        // explicit_hash_key_index as 0 (protobufjs default) and reports the table's first key.
        const message = AggregatedRecord.decode(bytes.subarray(4, bytes.length - 16));
        assert.equal(message.records.length, userRecords.length);

        userRecords.forEach((user, i) => {
          const expected = c.userRecords[kinesisRecord.firstUserRecord + i];
          const where = `user record ${kinesisRecord.firstUserRecord + i} (aggregated record ${index}, position ${i})`;
          assert.equal(user.partitionKey, expected.partitionKey, `${where}: partition key`);
          assert.equal(user.data, expected.data, `${where}: data`);
          assert.equal(user.sequenceNumber, `seq-${index}`, `${where}: sequence number`);
          assert.equal(user.subSequenceNumber, i, `${where}: sub-sequence number`);

          const hasIndex = Object.prototype.hasOwnProperty.call(message.records[i], 'explicit_hash_key_index');
          if (expected.explicitHashKey === null) {
            assert.equal(hasIndex, false, `${where}: an explicit hash key index was written for a record without one`);
            if (message.explicit_hash_key_table.length === 0) {
              assert.equal(user.explicitPartitionKey, undefined, `${where}: explicit hash key`);
            } else {
              sawHashKeyAbsentWithTable = true;
            }
          } else {
            assert.equal(hasIndex, true, `${where}: explicit hash key index missing`);
            assert.equal(user.explicitPartitionKey, expected.explicitHashKey, `${where}: explicit hash key`);
          }
          decoded.push(user);
        });
      });

      // Every user record came back, in order, none twice.
      assert.equal(decoded.length, c.userRecords.length, 'decoded user record count');
      totalUserRecords += decoded.length;
      if (c.name === 'mixed explicit hash keys') {
        assert.ok(sawHashKeyAbsentWithTable, 'the mixed case mixes records with and without hash keys in one record');
      }
    });
  }

  assert.equal(totalUserRecords, cases.reduce((n, c) => n + c.userRecords.length, 0));
});

test('the fixture packs to the size limit: some aggregated records are exactly at it', () => {
  const exact = cases.find((c) => c.name === 'exactly max size');
  const sizes = exact.aggregated.map((r) => Buffer.from(r.data, 'base64').length);
  assert.deepEqual(sizes.slice(0, 2), [exact.maxSize, exact.maxSize]);
  assert.deepEqual(exact.aggregated.map((r) => r.userRecordCount), [10, 10, 5]);
});

// Deterministic pseudo-random numbers (mulberry32), so a failure reproduces.
function prng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function aggregateWithAwsKinesisAgg(userRecords) {
  return new Promise((resolve, reject) => {
    const encoded = [];
    agg.aggregate(
      userRecords,
      (record, done) => {
        encoded.push(record);
        done();
      },
      () => resolve(encoded),
      (err) => reject(err),
    );
  });
}

// Direction 2: aws-kinesis-agg aggregates, .NET decodes.
test('records aggregated by aws-kinesis-agg decode with KinesisDeaggregator', async () => {
  const random = prng(42);
  const pieces = ['a', 'Z', '9', '-', 'é', 'κ', '键', '🔑', 'ß', ' '];
  // aws-kinesis-agg 4.2.8 builds its key tables with Object.keys(), which lists integer-like keys
  // ("0" to "4294967294") before the others, while its indexes follow insertion order: such keys
  // come back swapped even through its own deaggregate(). So no key here is an array index.
  const hashKeys = ['4294967295', '340282366920938463463374607431768211455', '85070591730234615865843651857942052864', '12345678901234567890'];
  const arrayIndex = /^(0|[1-9][0-9]*)$/;
  const userRecords = [];
  for (let i = 0; i < 3000; i++) {
    const keyLength = 1 + Math.floor(random() * 20);
    let partitionKey = '';
    for (let k = 0; k < keyLength; k++) partitionKey += pieces[Math.floor(random() * pieces.length)];
    if (arrayIndex.test(partitionKey)) partitionKey += 'x';
    // Now and then a large record, so aggregate() needs several Kinesis records (1 MiB each).
    const size = i % 100 === 99 ? 150_000 : Math.floor(random() * 200);
    const data = Buffer.alloc(size);
    for (let b = 0; b < size; b++) data[b] = Math.floor(random() * 256);
    const record = { partitionKey, data };
    if (random() < 0.5) record.explicitHashKey = hashKeys[Math.floor(random() * hashKeys.length)];
    userRecords.push(record);
  }

  const expected = userRecords.map((r) => ({
    partitionKey: r.partitionKey,
    explicitHashKey: r.explicitHashKey ?? null,
    data: r.data.toString('base64'),
  }));
  const encoded = await aggregateWithAwsKinesisAgg(userRecords);
  assert.ok(encoded.length > 1, `expected several aggregated records, got ${encoded.length}`);

  const plain = Buffer.from('not aggregated');
  const badChecksum = Buffer.from(encoded[0].data);
  badChecksum[badChecksum.length - 1] ^= 0xff;
  const input = {
    records: [
      ...encoded.map((r, i) => ({
        partitionKey: r.partitionKey,
        explicitHashKey: r.ExplicitHashKey ?? null,
        sequenceNumber: String(1000 + i),
        data: r.data.toString('base64'),
      })),
      { partitionKey: 'plain-pk', explicitHashKey: '7', sequenceNumber: 'p1', data: plain.toString('base64') },
      { partitionKey: 'bad-pk', explicitHashKey: null, sequenceNumber: 'p2', data: badChecksum.toString('base64') },
    ],
  };
  const inputPath = join(work, 'from-aws-kinesis-agg.json');
  const outputPath = join(work, 'deaggregated.json');
  writeFileSync(inputPath, JSON.stringify(input));
  runFixture('deaggregate', inputPath, outputPath);
  const { records } = JSON.parse(readFileSync(outputPath, 'utf8'));

  assert.equal(records.length, userRecords.length + 2, 'user records plus the two plain records');
  let position = 0;
  const counts = new Map();
  records.slice(0, userRecords.length).forEach((actual, i) => {
    assert.equal(actual.isAggregated, true, `user record ${i}`);
    assert.deepEqual(
      { partitionKey: actual.partitionKey, explicitHashKey: actual.explicitHashKey, data: actual.data },
      expected[i],
      `user record ${i}`,
    );
    // Sub-sequence numbers restart at 0 in each Kinesis record and count up by one.
    const seen = counts.get(actual.sequenceNumber) ?? 0;
    assert.equal(actual.subSequenceNumber, seen, `user record ${i}: sub-sequence number`);
    counts.set(actual.sequenceNumber, seen + 1);
    position++;
  });
  assert.equal(position, userRecords.length);
  assert.equal(counts.size, encoded.length);

  // Without the magic, or with a wrong checksum, a record comes back whole (as KCL does).
  assert.deepEqual(records[userRecords.length], {
    partitionKey: 'plain-pk', explicitHashKey: '7', data: plain.toString('base64'),
    sequenceNumber: 'p1', subSequenceNumber: 0, isAggregated: false,
  });
  assert.deepEqual(records[userRecords.length + 1], {
    partitionKey: 'bad-pk', explicitHashKey: null, data: badChecksum.toString('base64'),
    sequenceNumber: 'p2', subSequenceNumber: 0, isAggregated: false,
  });
});
