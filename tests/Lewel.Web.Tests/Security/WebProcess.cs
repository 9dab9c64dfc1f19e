using System.Diagnostics;
using System.Text;
using Lewel.Web.Tests.TestSupport;

namespace Lewel.Web.Tests.Security;

/// <summary>The built app as a user starts it (<c>dotnet Lewel.Web.dll ARGS</c>), no worker, with only the given
/// variables choosing its address; stdout and stderr collected.</summary>
internal static class WebProcess
{
    public static Process Start(string[] args, Dictionary<string, string> environment, out StringBuilder log)
    {
        var web = AppProcess.WebOutputDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(web, "Lewel.Web.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_HTTP_PORTS", "DOTNET_HTTPS_PORTS" })
            start.Environment.Remove(name);
        start.Environment["Lewel__Device"] = "cpu";
        start.Environment["Lewel__Workers__Cpu"] = "0";
        start.Environment["Lewel__Workers__Gpu"] = "0";
        foreach (var (k, v) in environment) start.Environment[k] = v;
        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log = output;
        return process;
    }

    public static string Read(StringBuilder log)
    {
        lock (log) return log.ToString();
    }
}
