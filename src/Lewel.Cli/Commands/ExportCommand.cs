using System.CommandLine;
using Lewel.Engine.Interop;
using Lewel.Engine.Settings;

namespace Lewel.Cli.Commands;

/// <summary><c>lewel export</c>: the online backbone of any supported checkpoint with torchvision's key names, as
/// safetensors or a <c>torch.save</c> file, plus what a PyTorch user needs to load it.</summary>
public static class ExportCommand
{
    public static Command Create(LewelSettings settings)
    {
        var checkpoint = new CheckpointOptions();
        var output = new Option<string>("--out") { Description = "backbone.safetensors, backbone.pt or backbone.pth", Required = true };
        var command = new Command("export", "Write a checkpoint's online backbone with torchvision key names (safetensors or .pt)");
        checkpoint.AddTo(command);
        command.Options.Add(output);
        command.SetAction(parse => CheckpointOptions.Guard(() =>
        {
            var path = parse.GetValue(output)!;
            StateDictFile.FormatForExtension(path);  // refuse an unknown extension before loading anything
            using var model = checkpoint.Load(parse, settings);
            var report = TorchvisionExport.Write(model, path);
            Console.WriteLine($"checkpoint   {model.Source}");
            Console.WriteLine($"network      {model.Describe()}");
            Console.WriteLine($"wrote        {report.Path} ({report.Format}, {report.Tensors} tensors, {report.Bytes / 1024.0 / 1024.0:0.0} MiB, torchvision key names, no fc)");
            Console.WriteLine(report.LoadsIntoTorchvision
                ? "torchvision  loads as is (strict=False: only fc.weight and fc.bias are missing):"
                : "torchvision  needs changes before loading:");
            foreach (var line in report.Instructions) Console.WriteLine($"  {line}");
            return CheckpointOptions.Succeeded;
        }));
        return command;
    }
}
