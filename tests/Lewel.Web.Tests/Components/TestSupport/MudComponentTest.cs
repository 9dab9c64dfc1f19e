using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Lewel.Web.Tests.Components.TestSupport;

/// <summary>A bUnit context with MudBlazor's services, loose JS interop (MudBlazor calls JS for focus and popovers),
/// and the popover provider rendered, as the app's layout does. Disposed asynchronously: some MudBlazor services only
/// implement <see cref="IAsyncDisposable"/>.</summary>
public abstract class MudComponentTest : BunitContext, IAsyncLifetime
{
    protected MudComponentTest()
    {
        // bUnit's 1 s default is too short when the 2-core CI machine is busy with libtorch.
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Popovers = Render<MudPopoverProvider>();
    }

    /// <summary>Where open menus and select lists are drawn (outside the component that opened them).</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
