using Bunit;
using Lewel.Web.Components.Forms;
using Lewel.Web.Runs.Health;
using Lewel.Web.Tests.Components.TestSupport;

namespace Lewel.Web.Tests.Components;

/// <summary>The form's per-run health webhook: refused at its field unless it is an absolute http(s) URL, and launched
/// with the run when it is.</summary>
public class RunFormWebhookTests : MudComponentTest
{
    private static string FieldText(IRenderedComponent<RunForm> form) => form.Find($"[data-path='{RunHealthWebhook.Field}']").TextContent;

    [Fact]
    public void ABadWebhook_IsRefusedAtItsField_AGoodOneIsLaunchedWithTheRun()
    {
        RunLaunch? launched = null;
        var form = Render<RunForm>(p => p.Add(f => f.OnLaunch, (RunLaunch l) => launched = l));
        form.Find($"[data-path='{RunHealthWebhook.Field}'] input").Input("ftp://hooks.example.org/x");
        form.WaitForAssertion(() => Assert.Contains("absolute http or https URL", FieldText(form)));
        Assert.Contains("absolute http or https URL", form.Find("[data-testid=form-errors]").TextContent);
        form.Find("button[data-testid=launch]").Click();
        Assert.Null(launched);

        form.Find($"[data-path='{RunHealthWebhook.Field}'] input").Input("https://hooks.example.org/lewel");
        // The field takes the text after its debounce; the form's list of problems empties then.
        form.WaitForAssertion(() => Assert.Empty(form.FindAll("[data-testid=form-errors]")));
        form.Find("button[data-testid=launch]").Click();
        form.WaitForAssertion(() => Assert.NotNull(launched));
        Assert.Equal("https://hooks.example.org/lewel", launched!.HealthWebhookUrl);
    }
}
