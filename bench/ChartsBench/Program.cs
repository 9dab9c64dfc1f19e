using ChartsBench;
using ChartsBench.Components;

// `dotnet run -c Release --project bench/ChartsBench [-- --live-seconds N] [--only plotly|echarts|echarts-direct]`: serves the candidate pages on a free
// loopback port, measures each in Debian's chromium and writes bench/results/charts.json.
var liveSeconds = args.SkipWhile(a => a != "--live-seconds").Skip(1).Select(int.Parse).FirstOrDefault(10);
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.UseUrls("http://127.0.0.1:0");
// The packages' scripts are served from the NuGet cache, as under `dotnet run`.
builder.WebHost.UseStaticWebAssets();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
var app = builder.Build();
app.UseAntiforgery();
app.MapStaticAssets();
// The studio's own chart module, served from the repository's wwwroot as the studio serves it.
var studioRoot = Path.GetFullPath(Path.Combine(Environment.CurrentDirectory, "wwwroot"));
if (!File.Exists(Path.Combine(studioRoot, "js", "lewel-charts.js")))
    throw new InvalidOperationException($"run from the repository root: {studioRoot}/js/lewel-charts.js is missing");
app.UseStaticFiles(new StaticFileOptions { FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(studioRoot), RequestPath = "/studio" });
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
await app.StartAsync();
var baseUrl = app.Urls.First().TrimEnd('/');

var results = new List<CandidateResult>();
await using (var browser = await BenchBrowser.LaunchAsync())
{
    foreach (var candidate in Candidate.All.Where(c => only is null || c.Name == only))
    {
        Console.WriteLine($"measuring {candidate.Name} …");
        results.Add(await CandidateRun.MeasureAsync(browser, baseUrl, candidate, TimeSpan.FromSeconds(liveSeconds)));
    }
}
await app.StopAsync();
ResultsWriter.Write(results, liveSeconds, $"dotnet run -c Release --project bench/ChartsBench -- --live-seconds {liveSeconds}");
