namespace Lewel.Web.Tests.TestSupport;

/// <summary>The system clock moved by a fixed offset (to make heartbeats look old without waiting).</summary>
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
