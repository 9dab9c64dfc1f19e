using System.CommandLine;
using Lewel.Cli;
using Lewel.Cli.Commands;

var settings = SettingsLoader.Load();
var root = new RootCommand("lewel: self-supervised pretraining (BYOL, LEWEL_B, MoCo v2, LEWEL_M), evaluation and alignment maps");
root.Subcommands.Add(DoctorCommand.Create(settings));
root.Subcommands.Add(PretrainCommand.Create(settings));
return root.Parse(args).Invoke();
