using System.Collections.Concurrent;
using System.Diagnostics;
using Lewel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lewel.E2E.Tests;

/// <summary>Counts the store contexts the app creates (every store read or write creates one), by wrapping the app's
/// <see cref="IDbContextFactory{LewelDbContext}"/>, and keeps who asked for each: the first frames of the app's own
/// code, so that a test that finds too many can say where they came from, and whether a hosted background service
/// (the recovery sweep, the worker heartbeat) asked for it on its own timer.</summary>
public sealed class StoreReadCounter
{
    private int count;
    private readonly ConcurrentQueue<(int Index, string Caller, bool Background)> callers = new();

    public int Count => Volatile.Read(ref count);

    /// <summary>How many contexts each caller asked for since context number <paramref name="since"/>, most first.</summary>
    public string CallersSince(int since) => string.Join("; ", callers.Where(c => c.Index >= since)
        .GroupBy(c => c.Caller).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()}× {g.Key}"));

    /// <summary>The contexts since context number <paramref name="since"/> that no hosted background service asked for.</summary>
    public int ForegroundSince(int since) => callers.Count(c => c.Index >= since && !c.Background);

    internal void Add()
    {
        var index = Interlocked.Increment(ref count) - 1;
        var types = new StackTrace().GetFrames().Select(f => f.GetMethod()?.DeclaringType).OfType<Type>().Select(Outer)
            .Where(t => t.FullName is { } name && name.StartsWith("Lewel.", StringComparison.Ordinal)
                && !name.StartsWith("Lewel.E2E.", StringComparison.Ordinal) && !name.StartsWith("Lewel.Data.", StringComparison.Ordinal))
            .ToList();
        var caller = string.Join(" ← ", types.Take(2).Select(t => t.Name)) is { Length: > 0 } s ? s : "(outside the web app)";
        callers.Enqueue((index, caller, types.Any(typeof(IHostedService).IsAssignableFrom)));
    }

    // Async methods run in compiler-made nested types (<Method>d__12): name the type that declares them.
    private static Type Outer(Type type) => type.IsNested && type.Name.StartsWith('<') ? Outer(type.DeclaringType!) : type;

    /// <summary>Replaces the registered factory with a counting one around it.</summary>
    public static void Install(IServiceCollection services, StoreReadCounter counter)
    {
        var original = services.Last(d => d.ServiceType == typeof(IDbContextFactory<LewelDbContext>));
        services.Remove(original);
        services.Add(new ServiceDescriptor(typeof(IDbContextFactory<LewelDbContext>), sp =>
        {
            var inner = original.ImplementationFactory is { } factory ? (IDbContextFactory<LewelDbContext>)factory(sp)
                : original.ImplementationInstance is { } instance ? (IDbContextFactory<LewelDbContext>)instance
                : (IDbContextFactory<LewelDbContext>)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!);
            return new Counting(inner, counter);
        }, original.Lifetime));
    }

    private sealed class Counting(IDbContextFactory<LewelDbContext> inner, StoreReadCounter counter) : IDbContextFactory<LewelDbContext>
    {
        public LewelDbContext CreateDbContext()
        {
            counter.Add();
            return inner.CreateDbContext();
        }

        public async Task<LewelDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            counter.Add();
            return await inner.CreateDbContextAsync(cancellationToken);
        }
    }
}
