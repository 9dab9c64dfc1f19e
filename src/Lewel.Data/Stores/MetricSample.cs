namespace Lewel.Data.Stores;

/// <summary>A metric value on its way to the store.</summary>
public readonly record struct MetricSample(string Name, int Step, int Epoch, double Value, DateTime Time);
