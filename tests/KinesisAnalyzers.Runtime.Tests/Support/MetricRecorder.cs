using System.Diagnostics.Metrics;

namespace KinesisAnalyzers.Runtime.Tests.Support;

/// <summary>Listens to the producer's Meter for one stream and sums each instrument's measurements.</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _streamName;
    private readonly Dictionary<string, double> _sums = new();
    private readonly Dictionary<string, List<double>> _values = new();

    public MetricRecorder(string streamName)
    {
        _streamName = streamName;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KinesisProducer.DiagnosticsName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    public double Sum(string instrument)
    {
        lock (_sums)
        {
            return _sums.TryGetValue(instrument, out var sum) ? sum : 0;
        }
    }

    public IReadOnlyList<double> Values(string instrument)
    {
        lock (_sums)
        {
            return _values.TryGetValue(instrument, out var list) ? list.ToList() : new List<double>();
        }
    }

    /// <summary>Reads the observable gauges now.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var ours = false;
        foreach (var tag in tags)
        {
            ours |= tag.Key == "kinesis.stream" && (string?)tag.Value == _streamName;
        }

        if (!ours)
        {
            return;
        }

        lock (_sums)
        {
            _sums[instrument.Name] = (_sums.TryGetValue(instrument.Name, out var sum) ? sum : 0) + value;
            if (!_values.TryGetValue(instrument.Name, out var list))
            {
                _values[instrument.Name] = list = new List<double>();
            }

            list.Add(value);
        }
    }
}
