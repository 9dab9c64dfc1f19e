using Lewel.Data.Entities;
using Lewel.Web.Runs;

namespace Lewel.Web.Components.Pages.Runs;

/// <summary>An evaluation run of a run (a child) and what it measured.</summary>
public sealed record RunEvaluationRun(Run Run, IReadOnlyList<EvaluationDto> Results);
