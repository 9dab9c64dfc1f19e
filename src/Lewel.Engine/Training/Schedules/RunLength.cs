using Lewel.Engine.Config;

namespace Lewel.Engine.Training.Schedules;

public static class RunLength
{
    /// <summary>The run's length in optimiser steps: <see cref="RunConfig.Steps"/> when set, else epochs × steps per
    /// epoch (steps take precedence, as <see cref="RunConfig"/> documents).</summary>
    public static int Steps(RunConfig config, int stepsPerEpoch)
    {
        if (config.Steps is { } steps) return steps;
        if (config.Epochs is not { } epochs)
            throw new ConfigException([new ConfigError("epochs", "the run has no length: set epochs or steps")]);
        return checked(epochs * stepsPerEpoch);
    }
}
