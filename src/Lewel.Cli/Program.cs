using System.CommandLine;
using Lewel.Cli;
using Lewel.Cli.Commands;

var settings = SettingsLoader.Load();
var root = new RootCommand("lewel: self-supervised pretraining (BYOL, LEWEL_B, MoCo v2, LEWEL_M), evaluation and alignment maps");
root.Subcommands.Add(DoctorCommand.Create(settings));
root.Subcommands.Add(DataCommand.Create(settings));
root.Subcommands.Add(PretrainCommand.Create(settings));
root.Subcommands.Add(EvalCommand.Create(settings));
root.Subcommands.Add(MapsCommand.Create(settings));
root.Subcommands.Add(ExportCommand.Create(settings));
return root.Parse(args).Invoke();
