using Lewel.Engine.Models.Backbones;

namespace Lewel.Engine.Models.Networks;

/// <summary>An online or target network: a backbone plus what follows it.</summary>
public interface IBackboneNetwork
{
    ResNet Backbone { get; }
}
