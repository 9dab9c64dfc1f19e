using System.Globalization;
using Lewel.Web.Runs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Lewel.Web.Components.Maps;

/// <summary>
/// The alignment-map comparer: one probe image of two runs at one step, or of one run at two steps, as a swipe,
/// flicker, alpha overlay or signed difference per head (drawn by <c>wwwroot/js/maps.js</c>), and a probe × run × head
/// grid at one step. One slider moves the whole page, keyed by step or epoch, also with ←/→ and a jump to an epoch.
/// Until the user moves it, the slider follows the newest snapshot; once touched it never moves on its own.
/// </summary>
public partial class MapComparer
{
    /// <summary>The runs on the page (any order of snapshots; new ones may arrive live).</summary>
    [Parameter, EditorRequired] public IReadOnlyList<ComparedRun> Runs { get; set; } = [];

    /// <summary>Side of each compared head canvas in pixels.</summary>
    [Parameter] public int CanvasSize { get; set; } = 256;

    private List<int> steps = [];
    private List<int> probes = [];
    private int step;
    private bool touched;
    private int probe;
    private string view = "compare";
    private string pairing = "runs";
    private string mode = "swipe";
    private long runA, runB;
    private int stepB;
    private readonly HashSet<int> heads = [];
    private bool headsChosen;
    private int maxHeads;
    private int opacity = 60;
    private int mix = 50;
    private string contrast = "fixed";
    private string colormap = "inferno";
    private string keyBy = "step";
    private string? jumpEpoch;
    private string? jumpError;

    /// <summary>The step the page shows.</summary>
    public int SelectedStep => step;

    private int Index => Math.Max(0, steps.IndexOf(step));

    /// <summary>Steps per epoch of run A (the page's epoch axis), if known.</summary>
    private int? StepsPerEpoch => RunOf(runA)?.StepsPerEpoch is > 0 and var spe ? spe : null;

    private string Legend => mode == "difference"
        ? contrast == "fixed" ? "A − B: red where A is higher, blue where B is, on ±1.5 of map × P" : "A − B: red where A is higher, blue where B is, stretched to the largest |A − B| (shape only)"
        : contrast == "fixed" ? "map × P on [0, 3]; 1 = uniform" : "each map stretched to its own min–max: shape only, not comparable in height";

    protected override void OnParametersSet()
    {
        if (Runs.Count > 0 && RunOf(runA) is null) runA = Runs[0].Id;
        if (Runs.Count > 0 && RunOf(runB) is null) runB = Runs.Count > 1 ? Runs[1].Id : Runs[0].Id;
        if (Runs.Count < 2) pairing = "steps";
        probes = [.. Runs.SelectMany(r => r.Snapshots).Select(s => s.ProbeIndex).Distinct().Order()];
        maxHeads = Runs.SelectMany(r => r.Snapshots).Select(s => s.NumHeads).DefaultIfEmpty(0).Max();
        if (!headsChosen) for (var h = 0; h < maxHeads; h++) heads.Add(h);
        UpdateSteps();
        if (probes.Count > 0 && !probes.Contains(probe)) probe = probes[0];
    }

    private void UpdateSteps()
    {
        steps = [.. (pairing == "runs" ? Runs : Runs.Where(r => r.Id == runA)).SelectMany(r => r.Snapshots).Select(s => s.Step).Distinct().Order()];
        if (steps.Count == 0) return;
        if (!touched) step = steps[^1];
        else if (!steps.Contains(step)) step = steps.LastOrDefault(s => s <= step, steps[0]);
        var ownSteps = StepsOf(runA);
        if (ownSteps.Count > 0 && !ownSteps.Contains(stepB)) stepB = ownSteps[0];
    }

    private ComparedRun? RunOf(long id) => Runs.FirstOrDefault(r => r.Id == id);

    private List<int> StepsOf(long id) => [.. (RunOf(id)?.Snapshots ?? []).Select(s => s.Step).Distinct().Order()];

    private static int HeadsOf(ComparedRun run) => run.Snapshots.Select(s => s.NumHeads).DefaultIfEmpty(0).Max();

    private (MapSnapshotDto? A, MapSnapshotDto? B) Sides()
    {
        var a = RunOf(runA)?.At(probe, step);
        var b = pairing == "runs" ? RunOf(runB)?.At(probe, step) : RunOf(runA)?.At(probe, stepB);
        return (a, b);
    }

    private string Describe(MapSnapshotDto? snapshot, long runId) =>
        snapshot is null ? $"#{runId}: none" : $"#{runId} at {PositionLabel(snapshot.Step)}";

    private string PositionLabel(int atStep)
    {
        if (keyBy == "epoch" && StepsPerEpoch is { } spe)
            return string.Create(CultureInfo.InvariantCulture, $"epoch {(double)atStep / spe:0.##} (step {atStep})");
        return $"step {atStep}";
    }

    private void MoveTo(int index)
    {
        if (steps.Count == 0) return;
        step = steps[Math.Clamp(index, 0, steps.Count - 1)];
        touched = true;
        jumpError = null;
    }

    private void FollowLatest()
    {
        touched = false;
        if (steps.Count > 0) step = steps[^1];
    }

    private void OnKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "ArrowLeft") MoveTo(Index - 1);
        else if (e.Key == "ArrowRight") MoveTo(Index + 1);
    }

    /// <summary>Moves to the first snapshot at or after the start of the epoch typed in the box (0-based epochs:
    /// epoch e starts after e × steps-per-epoch steps).</summary>
    private void JumpToEpoch()
    {
        jumpError = null;
        if (StepsPerEpoch is not { } spe) return;
        if (!int.TryParse(jumpEpoch, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch) || epoch < 0)
        {
            jumpError = $"'{jumpEpoch}' is not an epoch number (0 or more)";
            return;
        }
        var target = epoch * spe;
        var index = steps.FindIndex(s => s >= target);
        if (index < 0)
        {
            jumpError = $"no snapshot at or after epoch {epoch} (step {target}) yet";
            return;
        }
        MoveTo(index);
    }

    private void SetPairing(string value)
    {
        pairing = value;
        UpdateSteps();
    }

    private void ToggleHead(int head, bool on)
    {
        headsChosen = true;
        if (on) heads.Add(head);
        else heads.Remove(head);
    }

    private static int ToInt(object? value, int fallback) =>
        int.TryParse(value?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private static long ToLong(object? value, long fallback) =>
        long.TryParse(value?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
}
