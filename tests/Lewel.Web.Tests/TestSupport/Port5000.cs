using System.Net;
using System.Net.Sockets;

namespace Lewel.Web.Tests.TestSupport;

/// <summary>Holds 127.0.0.1:5000 (the app's default address) for the duration of a test, so a host that fell back to it
/// would fail to start. When another process already has the port, that proves the same thing and there is nothing to
/// hold.</summary>
public sealed class Port5000 : IDisposable
{
    public const int Number = 5000;
    private readonly TcpListener? listener;

    private Port5000(TcpListener? listener, string description)
    {
        this.listener = listener;
        Description = description;
    }

    public string Description { get; }

    public static Port5000 Occupy()
    {
        var listener = new TcpListener(IPAddress.Loopback, Number);
        try
        {
            listener.Start();
            return new Port5000(listener, $"this test holds 127.0.0.1:{Number}");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            listener.Dispose();
            return new Port5000(null, $"127.0.0.1:{Number} is already in use by another process; a host that wanted it would fail all the same");
        }
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose() => listener?.Dispose();
}
