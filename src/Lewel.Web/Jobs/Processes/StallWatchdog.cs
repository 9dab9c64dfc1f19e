using Lewel.Engine.Training.Events;

namespace Lewel.Web.Jobs.Processes;

/// <summary>Decides when a child has gone silent for too long. It learns the run's own rhythm: the gaps between
/// arrivals of step reports (steps arrive in bursts when the engine reads metrics back in batches, so a burst counts
/// once). After the first step the bound is <see cref="JobsOptions.StallStepFactor"/> × the median gap, at least
/// <see cref="JobsOptions.StallMinSeconds"/>; before it, <see cref="JobsOptions.StartupStallSeconds"/> (opening a
/// large data set takes a while). Any event, such as an evaluation's progress line, counts as a sign of life.</summary>
public sealed class StallWatchdog(JobsOptions options, TimeProvider time)
{
    private const int GapsKept = 200;
    private static readonly TimeSpan SameBurst = TimeSpan.FromMilliseconds(20);
    private readonly Queue<double> gaps = new();
    private readonly Lock gate = new(); // events arrive on the stdout reader, questions come from the supervising loop
    private DateTimeOffset lastActivity = time.GetUtcNow();
    private DateTimeOffset? lastStepArrival;

    public int LastStep { get; private set; }

    public void Observe(TrainingEvent e)
    {
        lock (gate) ObserveLocked(e);
    }

    private void ObserveLocked(TrainingEvent e)
    {
        var now = time.GetUtcNow();
        lastActivity = now;
        if (e is RunStarted started) LastStep = started.StartStep;
        if (e is not StepCompleted step) return;
        LastStep = step.Step;
        if (lastStepArrival is { } previous && now - previous > SameBurst)
        {
            gaps.Enqueue((now - previous).TotalSeconds);
            if (gaps.Count > GapsKept) gaps.Dequeue();
        }
        if (lastStepArrival is null || now - lastStepArrival > SameBurst) lastStepArrival = now;
    }

    /// <summary>Marks activity that is not an event (a plain output line of the child).</summary>
    public void Touch()
    {
        lock (gate) lastActivity = time.GetUtcNow();
    }

    public TimeSpan Bound
    {
        get
        {
            lock (gate) return BoundLocked();
        }
    }

    private TimeSpan BoundLocked()
    {
        if (lastStepArrival is null) return TimeSpan.FromSeconds(options.StartupStallSeconds);
        var median = gaps.Count == 0 ? 0 : Median();
        return TimeSpan.FromSeconds(Math.Max(options.StallMinSeconds, options.StallStepFactor * median));
    }

    public TimeSpan Silence
    {
        get { lock (gate) return time.GetUtcNow() - lastActivity; }
    }

    public bool IsStalled
    {
        get { lock (gate) return time.GetUtcNow() - lastActivity > BoundLocked(); }
    }

    /// <summary>What the bound was made of, for the failure message.</summary>
    public string DescribeBound()
    {
        lock (gate) return DescribeBoundLocked();
    }

    private string DescribeBoundLocked()
    {
        if (lastStepArrival is null) return $"{options.StartupStallSeconds} s allowed before the first step";
        var median = gaps.Count == 0 ? 0 : Median();
        return $"bound {BoundLocked().TotalSeconds:0} s: {options.StallStepFactor:0.#} × the median {median:0.###} s between steps, at least {options.StallMinSeconds} s";
    }

    private double Median()
    {
        var sorted = gaps.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
