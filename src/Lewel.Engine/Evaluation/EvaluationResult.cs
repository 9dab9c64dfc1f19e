using System.Globalization;
using System.Text.Json;
using System.Text;
using Lewel.Engine.Training.Events;

namespace Lewel.Engine.Evaluation;

/// <summary>What one evaluation protocol measured and exactly how: the protocol name, every parameter that changes the
/// number, the checkpoint and data set it ran on, its wall time and the values (accuracies in percent, IoU in
/// percent, scores as fractions unless the key says otherwise).</summary>
public sealed record EvaluationResult(
    string Protocol,
    IReadOnlyDictionary<string, string> Parameters,
    string Checkpoint,
    string Dataset,
    double WallSeconds,
    IReadOnlyDictionary<string, double> Values)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EvaluationResult FromJson(string json) =>
        JsonSerializer.Deserialize<EvaluationResult>(json, Json) ?? throw new FormatException("the evaluation result JSON is empty");

    /// <summary>The same result as a training event, for the run's metrics stream.</summary>
    public EvaluationCompleted ToEvent(int step, int epoch) =>
        new(DateTimeOffset.UtcNow, step, epoch, Protocol, Parameters, Values, WallSeconds);

    /// <summary>A few human-readable lines: the protocol label with its parameters, then one value per line.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Protocol);
        if (Parameters.Count > 0)
            text.Append(" (").Append(string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}"))).Append(')');
        text.AppendLine();
        text.AppendLine($"  checkpoint  {Checkpoint}");
        text.AppendLine($"  dataset     {Dataset}");
        foreach (var (name, value) in Values)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-28} {value:0.####}"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  wall time   {WallSeconds:0.0} s"));
        return text.ToString();
    }
}
