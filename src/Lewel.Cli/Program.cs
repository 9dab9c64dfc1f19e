using System.CommandLine;
using Lewel.Cli.Commands;

namespace Lewel.Cli;

/// <summary>The <c>lewel</c> command. A named class rather than top-level statements: the web app references this
/// assembly (to have <c>lewel.dll</c> beside it for the run processes) and has a <c>Program</c> of its own.</summary>
public static class CliProgram
{
    public static int Main(string[] args)
    {
        GcSettingsExec.EnsureApplied(args);
        var settings = SettingsLoader.Load();
        var root = new RootCommand("lewel: self-supervised pretraining (BYOL, LEWEL_B, MoCo v2, MoCo V2+, LEWEL_M), evaluation and alignment maps");
        root.Subcommands.Add(DoctorCommand.Create(settings));
        root.Subcommands.Add(DataCommand.Create(settings));
        root.Subcommands.Add(PretrainCommand.Create(settings));
        root.Subcommands.Add(EvalCommand.Create(settings));
        root.Subcommands.Add(StudyCommand.Create(settings));
        root.Subcommands.Add(MapsCommand.Create(settings));
        root.Subcommands.Add(ExportCommand.Create(settings));
        root.Subcommands.Add(UsersCommand.Create(settings));
        root.Subcommands.Add(RemoteCommand.Create());
        root.Subcommands.Add(JobCommand.Create());
        return root.Parse(args).Invoke();
    }
}
