using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RetroGrid.Controller.Telemetry;

namespace RetroGrid.Controller.Tests;

/// <summary>
/// Listens to one controller's meter: the job durations recorded from now on, and the per-set verify gauges read on
/// demand (the way an exporter collects them).
/// </summary>
internal sealed class ControllerMeterReader : IDisposable
{
    private readonly MeterListener _listener;
    private readonly ConcurrentQueue<JobDuration> _durations = new();
    private readonly ConcurrentDictionary<(string Instrument, string SetId), double> _gauges = new();

    public ControllerMeterReader(ControllerFixture controller)
    {
        var meter = controller.Host.Services.GetRequiredService<ControllerMetrics>().Meter;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == meter && instrument.Name is "retrogrid.job.duration" or "retrogrid.set.verify.problems" or "retrogrid.set.verify.age")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Every <c>retrogrid.job.duration</c> recorded since this reader was made.</summary>
    public IReadOnlyList<JobDuration> Durations => [.. _durations];

    /// <summary>A per-set gauge (<c>retrogrid.set.verify.problems</c> or <c>.age</c>) read now: its value by set id.</summary>
    public IReadOnlyDictionary<string, double> ReadGauge(string name)
    {
        _gauges.Clear();
        _listener.RecordObservableInstruments();
        return _gauges.Where(g => g.Key.Instrument == name).ToDictionary(g => g.Key.SetId, g => g.Value);
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var tag in tags)
        {
            attributes[tag.Key] = tag.Value?.ToString() ?? string.Empty;
        }

        if (instrument.Name == "retrogrid.job.duration")
        {
            _durations.Enqueue(new JobDuration(value, attributes));
        }
        else
        {
            _gauges[(instrument.Name, attributes["retrogrid.set.id"])] = value;
        }
    }

    /// <summary>One recorded job duration in seconds, with its attributes.</summary>
    public sealed record JobDuration(double Seconds, IReadOnlyDictionary<string, string> Attributes)
    {
        public string Kind => Attributes["retrogrid.job.kind"];

        public string Outcome => Attributes["retrogrid.job.outcome"];
    }
}
