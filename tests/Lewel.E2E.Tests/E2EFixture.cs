namespace Lewel.E2E.Tests;

/// <summary>One app and one browser for the whole suite (starting either costs seconds).</summary>
public sealed class E2EFixture : IAsyncLifetime
{
    public AppServer App { get; private set; } = default!;
    public BrowserSession Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App = new AppServer();
        Browser = await BrowserSession.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<E2EFixture>
{
    public const string Name = "browser";
}
