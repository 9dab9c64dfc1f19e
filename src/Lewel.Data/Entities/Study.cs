namespace Lewel.Data.Entities;

/// <summary>A comparison of a baseline and its LEWEL variant: both trained at each of <see cref="Seeds"/> with one
/// configuration (<see cref="ConfigJson"/>, method and seed set per run), then evaluated with the protocols of
/// <see cref="EvaluationJson"/>. <see cref="Runs"/> are its pretraining runs.</summary>
public sealed class Study
{
    public const int MaxNameLength = 200;

    private Study() { }

    public Study(string name, string baseline, string lewel, string dataset, string budget, IEnumerable<long> seeds, string configJson,
        string evaluationJson, string? launchedBy, DateTime now)
    {
        Name = name;
        Baseline = baseline;
        Lewel = lewel;
        Dataset = dataset;
        Budget = budget;
        Seeds = [.. seeds];
        ConfigJson = configJson;
        EvaluationJson = evaluationJson;
        LaunchedBy = launchedBy;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The baseline's method id (byol, mocov2).</summary>
    public string Baseline { get; private set; } = "";
    /// <summary>The LEWEL variant's method id (lewel-b, lewel-m).</summary>
    public string Lewel { get; private set; } = "";
    public string Dataset { get; private set; } = "";
    /// <summary>Each run's length as a reader says it: "200 steps", "10 epochs".</summary>
    public string Budget { get; private set; } = "";
    public List<long> Seeds { get; private set; } = [];
    /// <summary>The launch configuration every run of the study shares (without method and seed).</summary>
    public string ConfigJson { get; private set; } = "{}";
    /// <summary>The evaluations each finished run gets: protocol → parameters.</summary>
    public string EvaluationJson { get; private set; } = "{}";
    public string? LaunchedBy { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public List<StudyRun> Runs { get; private set; } = [];
}

/// <summary>One pretraining run of a study: which arm and seed it is.</summary>
public sealed class StudyRun
{
    private StudyRun() { }

    public StudyRun(long runId, string method, long seed)
    {
        RunId = runId;
        Method = method;
        Seed = seed;
    }

    public long StudyId { get; private set; }
    public long RunId { get; private set; }
    public string Method { get; private set; } = "";
    public long Seed { get; private set; }
}
