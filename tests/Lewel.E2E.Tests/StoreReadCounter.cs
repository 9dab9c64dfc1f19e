using Lewel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lewel.E2E.Tests;

/// <summary>Counts the store contexts the app creates (every store read or write creates one), by wrapping the app's
/// <see cref="IDbContextFactory{LewelDbContext}"/>.</summary>
public sealed class StoreReadCounter
{
    private int count;

    public int Count => Volatile.Read(ref count);

    internal void Add() => Interlocked.Increment(ref count);

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
