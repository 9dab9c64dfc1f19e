namespace Lewel.Engine.Evaluation;

/// <summary>Progress of a running evaluation: which protocol, which stage (e.g. "features train", "epoch"), and how far
/// through that stage it is.</summary>
public sealed record EvaluationProgress(string Protocol, string Stage, int Done, int Total);
