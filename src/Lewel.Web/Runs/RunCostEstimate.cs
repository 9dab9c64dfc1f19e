namespace Lewel.Web.Runs;

/// <summary>What a run will cost before it is launched. <see cref="Steps"/> is null when the data set's size is not
/// known without opening it; <see cref="Duration"/> is null when no earlier run gives a throughput to go by.
/// <see cref="Basis"/> says where the throughput comes from, or why there is none.</summary>
public sealed record RunCostEstimate(int? Steps, int? StepsPerEpoch, string StepsNote, double? ImagesPerSecond, TimeSpan? Duration, string Basis)
{
    /// <summary>The estimated peak memory against the device's, e.g. "≈ 1.57 GiB of 125 GiB on cpu"
    /// (<see cref="Engine.Runtime.RunMemoryEstimator"/>); a launch beyond the device's memory is refused.</summary>
    public string? Memory { get; init; }

    public static readonly RunCostEstimate Unknown = new(null, null, "", null, null, "unknown: nothing to estimate from yet");
}
