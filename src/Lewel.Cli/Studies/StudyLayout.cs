namespace Lewel.Cli.Studies;

/// <summary>Where a study keeps its files: <c>plan.json</c>, <c>configs/{arm}-seed{N}.json</c> (each run's full
/// configuration), <c>runs/{arm}-seed{N}/</c> (run directories, as <c>lewel pretrain</c> writes them),
/// <c>evals/{arm}-seed{N}/{protocol}.json</c> (as <c>lewel eval --out</c> writes them), <c>study.json</c> and
/// <c>study.md</c>.</summary>
public sealed class StudyLayout(string root)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string Plan => Path.Combine(Root, StudyPlan.FileName);
    public string Report => Path.Combine(Root, "study.json");
    public string Table => Path.Combine(Root, "study.md");

    public static string Key(string arm, long seed) => $"{arm}-seed{seed}";

    public string ConfigFile(string arm, long seed) => Path.Combine(Root, "configs", Key(arm, seed) + ".json");

    public string RunDir(string arm, long seed) => Path.Combine(Root, "runs", Key(arm, seed));

    public string EvaluationFile(string arm, long seed, string protocol) => Path.Combine(Root, "evals", Key(arm, seed), protocol + ".json");
}
