using Lewel.Engine.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace Lewel.Engine.Tests.Evaluation;

public sealed class EvaluationContextTests
{
    [Fact]
    public void FeatureBatch_DefaultsTo64OnACpu_And256OnAGpu()
    {
        Assert.Equal(64, new EvaluationContext().BatchSize);
        Assert.Equal(64, new EvaluationContext { Device = CPU }.BatchSize);
        Assert.Equal(256, new EvaluationContext { Device = new Device(DeviceType.CUDA, 0) }.BatchSize);
    }

    [Fact]
    public void FeatureBatch_GivenByTheUser_IsKeptOnEveryDevice()
    {
        Assert.Equal(16, new EvaluationContext { RequestedBatchSize = 16 }.BatchSize);
        Assert.Equal(300, new EvaluationContext { Device = new Device(DeviceType.CUDA, 0), RequestedBatchSize = 300 }.BatchSize);
    }
}
