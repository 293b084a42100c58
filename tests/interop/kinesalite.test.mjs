// End to end against a real Kinesis API server: KinesisProducer (.NET, ProducerFixture) writes to
// kinesalite; this test reads every shard back with the AWS JavaScript SDK, deaggregates with AWS's
// aws-kinesis-agg (checksums on), and counts every user record. It also checks that each user record
// sits on the shard its partition key hashes to, which fails if records of different shards were
// aggregated together.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  KinesisClient, CreateStreamCommand, DescribeStreamSummaryCommand, ListShardsCommand,
  GetShardIteratorCommand, GetRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

const require = createRequire(import.meta.url);
const kinesalite = require('kinesalite');
const agg = require('aws-kinesis-agg');

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtureDll = path.join(here, 'ProducerFixture', 'bin', 'Release', 'net10.0', 'ProducerFixture.dll');

let server;
let endpoint;
let client;

before(async () => {
  if (!existsSync(fixtureDll)) {
    await run('dotnet', ['build', path.join(here, 'ProducerFixture'), '-c', 'Release', '-nologo', '-v', 'q']);
  }
  server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 50 });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${server.address().port}`;
  client = new KinesisClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
  });
});

after(async () => {
  client?.destroy();
  await new Promise((resolve) => server.close(resolve));
});

function run(file, args) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

async function createStream(name, shardCount) {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
  for (;;) {
    const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (summary.StreamDescriptionSummary.StreamStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function hashKey(partitionKey) {
  return BigInt('0x' + createHash('md5').update(partitionKey, 'utf8').digest('hex'));
}

function deaggregate(record) {
  return new Promise((resolve, reject) => {
    agg.deaggregateSync({
      partitionKey: record.PartitionKey,
      explicitPartitionKey: record.ExplicitHashKey,
      sequenceNumber: record.SequenceNumber,
      data: Buffer.from(record.Data).toString('base64'),
    }, true, (err, userRecords) => (err ? reject(err) : resolve(userRecords)));
  });
}

// Every user record on every shard, with the shard it was read from.
async function readStream(name) {
  const shards = (await client.send(new ListShardsCommand({ StreamName: name }))).Shards;
  const userRecords = [];
  let kinesisRecords = 0;
  for (const shard of shards) {
    let iterator = (await client.send(new GetShardIteratorCommand({
      StreamName: name, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON',
    }))).ShardIterator;
    for (;;) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10000 }));
      for (const record of page.Records) {
        kinesisRecords++;
        for (const user of await deaggregate(record)) userRecords.push({ ...user, shard });
      }
      if (page.Records.length === 0 || !page.NextShardIterator) break;
      iterator = page.NextShardIterator;
    }
  }
  return { userRecords, kinesisRecords };
}

async function produceAndReadBack({ stream, shards, records, keys, size, putEvery, strict }) {
  await createStream(stream, shards);
  const args = [fixtureDll, '--endpoint', endpoint, '--stream', stream, '--records', String(records)];
  if (keys) args.push('--keys', String(keys));
  if (size) args.push('--size', String(size));
  if (putEvery) args.push('--put-every', String(putEvery));
  if (strict) args.push('--strict', 'true');
  const summary = JSON.parse(await run('dotnet', args));
  const read = await readStream(stream);
  return { summary, ...read };
}

function checkEveryRecordOnce(userRecords, expected) {
  const seen = new Map();
  for (const user of userRecords) {
    const text = Buffer.from(user.data, 'base64').toString('utf8');
    const [index, key] = text.split('|');
    assert.equal(key, user.partitionKey, `record ${index} carries its own partition key`);
    const hash = user.explicitPartitionKey ? BigInt(user.explicitPartitionKey) : hashKey(user.partitionKey);
    const { StartingHashKey, EndingHashKey } = user.shard.HashKeyRange;
    assert.ok(hash >= BigInt(StartingHashKey) && hash <= BigInt(EndingHashKey),
      `record ${index} (key ${key}) is on ${user.shard.ShardId}, whose range holds its hash`);
    seen.set(Number(index), (seen.get(Number(index)) ?? 0) + 1);
  }
  for (let i = 0; i < expected; i++) {
    assert.equal(seen.get(i), 1, `record ${i} was read exactly once`);
  }
  assert.equal(userRecords.length, expected, 'no extra records');
}

test('20,000 records with unique keys on 4 shards: every record arrives once, on its own shard, aggregated', async () => {
  const { summary, userRecords, kinesisRecords } = await produceAndReadBack({ stream: 'unique', shards: 4, records: 20000, size: 100, putEvery: 1000 });
  assert.equal(summary.failed, 0);
  checkEveryRecordOnce(userRecords, 20000);
  assert.ok(kinesisRecords < 20000 / 10, `aggregation packs many user records per Kinesis record (${kinesisRecords} Kinesis records)`);
  for (const put of summary.puts) {
    assert.match(put.SequenceNumber, /^\d+$/);
    assert.match(put.ShardId, /^shardId-\d{12}$/);
  }
});

test('few hot keys on 8 shards in strict mode: order per key kept', async () => {
  const { summary, userRecords } = await produceAndReadBack({ stream: 'hot', shards: 8, records: 5000, keys: 7, size: 300, strict: true });
  assert.equal(summary.failed, 0);
  checkEveryRecordOnce(userRecords, 5000);
  const lastByKey = new Map();
  for (const user of userRecords) {
    const index = Number(Buffer.from(user.data, 'base64').toString('utf8').split('|')[0]);
    const last = lastByKey.get(user.partitionKey) ?? -1;
    assert.ok(index > last, `key ${user.partitionKey}: record ${index} after ${last}`);
    lastByKey.set(user.partitionKey, index);
  }
});

test('records near the 1 MiB limit go unaggregated and all arrive', async () => {
  const { summary, userRecords, kinesisRecords } = await produceAndReadBack({ stream: 'large', shards: 2, records: 12, size: 1000 * 1000 });
  assert.equal(summary.failed, 0);
  checkEveryRecordOnce(userRecords, 12);
  assert.equal(kinesisRecords, 12);
});
