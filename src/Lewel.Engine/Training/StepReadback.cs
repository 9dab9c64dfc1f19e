using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Training;

/// <summary>
/// Reads step metrics back from the device in batches instead of one blocking <c>.item()</c> per value. Each step stacks
/// its scalars — loss, global loss, aligned loss and, on health steps, the embedding std and map-entropy ratio — into
/// one 5-element tensor that stays on the device; <see cref="Flush"/> stacks the pending steps and copies them to the
/// host in a single transfer. On the CPU a read costs nothing, so the trainer flushes every step
/// (<see cref="CpuReadEvery"/>); on a GPU it flushes every <see cref="GpuReadEvery"/> steps so the host can queue
/// the next steps while the device works. A flush is forced before anything that needs current values: health reports,
/// checkpoints (never of a state whose loss was not finite), snapshots, epoch ends, cancellation and the end of the run.
/// </summary>
internal sealed class StepReadback(int readEvery) : IDisposable
{
    public const int CpuReadEvery = 1;
    public const int GpuReadEvery = 10;
    private const int Width = 5;

    private readonly List<PendingStep> pending = [];

    public int PendingCount => pending.Count;

    public bool Due => pending.Count >= readEvery;

    /// <summary>Joins one step's scalars (single-element tensors) into a float64 device tensor kept until the next flush.</summary>
    public void Add(StepInfo info, Tensor loss, Tensor global, Tensor? aligned, Tensor? embeddingStd, Tensor? mapEntropyRatio)
    {
        using var scope = NewDisposeScope();
        var zero = zeros(1, float64, loss.device);
        Tensor Scalar(Tensor? t) => t is null ? zero : t.detach().reshape(1).to(float64);
        var values = cat([Scalar(loss), Scalar(global), Scalar(aligned), Scalar(embeddingStd), Scalar(mapEntropyRatio)])
            .DetachFromDisposeScope();
        pending.Add(new PendingStep(info, values, aligned is not null, embeddingStd is not null, mapEntropyRatio is not null));
    }

    /// <summary>Copies every pending step to the host at once. Timing: <see cref="StepInfo.DataWaitSeconds"/> is each
    /// step's own; the compute time of the window (from the first step's start to the end of this read, minus the data
    /// waits) is shared evenly, because on a GPU the host cannot tell which of the queued steps took the time.</summary>
    public IReadOnlyList<StepValues> Flush()
    {
        if (pending.Count == 0) return [];
        double[] host;
        using (var scope = NewDisposeScope())
            host = stack(pending.Select(p => p.Values).ToArray()).cpu().data<double>().ToArray();
        var wall = Stopwatch.GetElapsedTime(pending[0].Info.StartTimestamp).TotalSeconds;
        var dataWait = pending.Sum(p => p.Info.DataWaitSeconds);
        var computePerStep = Math.Max(0, wall - dataWait) / pending.Count;
        var result = new List<StepValues>(pending.Count);
        for (var i = 0; i < pending.Count; i++)
        {
            var p = pending[i];
            var v = host.AsSpan(i * Width, Width);
            result.Add(new StepValues(p.Info, v[0], v[1], p.HasAligned ? v[2] : null, p.HasStd ? v[3] : null,
                p.HasEntropy ? v[4] : null, computePerStep));
        }
        Clear();
        return result;
    }

    public void Dispose() => Clear();

    private void Clear()
    {
        foreach (var p in pending) p.Values.Dispose();
        pending.Clear();
    }

    private sealed record PendingStep(StepInfo Info, Tensor Values, bool HasAligned, bool HasStd, bool HasEntropy);
}

/// <summary>What the host knows about a step without reading the device. <see cref="Step"/> counts completed steps
/// (the first is 1); the schedules used the 0-based iteration <c>Step − 1</c>. <see cref="StartTimestamp"/> is the
/// <see cref="Stopwatch"/> timestamp taken before the step asked for its batch.</summary>
internal sealed record StepInfo(int Step, int Epoch, int BatchInEpoch, int BatchSize, int EmbeddingDim,
    double LearningRate, double Momentum, double DataWaitSeconds, long StartTimestamp);

/// <summary>A step's values after the read-back.</summary>
internal sealed record StepValues(StepInfo Info, double Loss, double LossGlobal, double? LossAligned,
    double? EmbeddingStd, double? MapEntropyRatio, double ComputeSeconds)
{
    public bool IsFinite => double.IsFinite(Loss) && double.IsFinite(LossGlobal) && (LossAligned is null || double.IsFinite(LossAligned.Value));

    public double ImagesPerSecond => Info.BatchSize / Math.Max(1e-9, Info.DataWaitSeconds + ComputeSeconds);

    /// <summary>Names the loss terms that are not finite, e.g. "loss = NaN, loss_global = NaN, loss_aligned = 0.7312".</summary>
    public string DescribeTerms()
    {
        var parts = new List<string> { $"loss = {Format(Loss)}", $"loss_global = {Format(LossGlobal)}" };
        if (LossAligned is { } aligned) parts.Add($"loss_aligned = {Format(aligned)}");
        return string.Join(", ", parts);
    }

    private static string Format(double v) => double.IsNaN(v) ? "NaN" : double.IsInfinity(v) ? (v > 0 ? "+inf" : "-inf") : v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
