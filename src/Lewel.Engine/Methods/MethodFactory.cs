using Lewel.Engine.Config;
using TorchSharp;

namespace Lewel.Engine.Methods;

/// <summary>Builds the method a run configuration names, on a device. The weights depend only on the config and on the
/// state of torch's generator, which the caller seeds (<c>torch.manual_seed</c>).</summary>
public static class MethodFactory
{
    /// <exception cref="ConfigException">The configuration is invalid; every bad field is listed.</exception>
    public static IPretrainMethod Create(RunConfig config, torch.Device device)
    {
        RunConfigValidator.ThrowIfFieldsInvalid(config); // a resumed run's config ran before: its fields, not new rules
        var method = MethodCatalog.Get(config.Method).Create(config);
        if (device.type != DeviceType.CPU)
            method.Root.to(device);
        method.Train();
        return method;
    }
}
