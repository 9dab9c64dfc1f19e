using Lewel.Web.Auth;
using Microsoft.Extensions.Configuration;

namespace Lewel.Web.Tests.Security;

/// <summary>Which listen addresses count as exposed, and what sign-in mode follows from them.</summary>
public class ListenAddressesTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://*:80")]
    [InlineData("http://+:5000")]
    [InlineData("http://[::]:5000")]
    [InlineData("http://192.168.1.20:5000")]
    [InlineData("https://studio.example:443")]
    [InlineData("not an address")]
    public void AnAddressOtherMachinesCanReachIsExposed(string address) => Assert.True(ListenAddresses.IsExposed(address), address);

    [Theory]
    [InlineData("http://localhost:5000")]
    [InlineData("http://LOCALHOST:5000/")]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://127.0.0.2:0")]
    [InlineData("http://[::1]:5000")]
    [InlineData("http://unix:/run/lewel.sock")]
    public void ALoopbackAddressIsNotExposed(string address) => Assert.False(ListenAddresses.IsExposed(address), address);

    [Fact]
    public void TheConfiguredAddressesComeFromUrlsKestrelEndpointsAndPorts()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://localhost:5000;http://0.0.0.0:8080",
            ["Kestrel:Endpoints:Lan:Url"] = "http://10.0.0.5:9000",
        }).Build();
        Assert.Equal(["http://localhost:5000", "http://0.0.0.0:8080", "http://10.0.0.5:9000"], ListenAddresses.Configured(configuration));
        var ports = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["http_ports"] = "8080" }).Build();
        Assert.True(ListenAddresses.IsExposed(Assert.Single(ListenAddresses.Configured(ports))));
    }

    [Fact]
    public void SignInIsRequiredWhenExposedAndRefusedToBeTurnedOff()
    {
        Assert.False(AuthMode.Decide(new AuthSettings(), []).Enabled); // Kestrel's default: localhost
        Assert.False(AuthMode.Decide(new AuthSettings(), ["http://127.0.0.1:5000"]).Enabled);
        Assert.True(AuthMode.Decide(new AuthSettings(), ["http://0.0.0.0:8080"]).Enabled);
        Assert.True(AuthMode.Decide(new AuthSettings { Required = true }, ["http://localhost:5000"]).Enabled);
        var refusal = Assert.Throws<AuthSetupException>(() => AuthMode.Decide(new AuthSettings { Required = false }, ["http://0.0.0.0:8080"]));
        Assert.Contains("http://0.0.0.0:8080", refusal.Message);
        Assert.Contains("lewel users add NAME --role admin", refusal.Message);
    }
}
