using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AiBudgetBot.Benchmarks;

/// <summary>Waiting for a server of ours on loopback.</summary>
internal static class Loopback
{
    /// <param name="failure">Returns a reason when the server has died, so waiting stops early.</param>
    public static async Task WaitForListenerAsync(int port, Func<string?> failure, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (failure() is { } reason)
            {
                throw new InvalidOperationException(reason);
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Nothing listened on 127.0.0.1:{port} within {timeout.TotalSeconds:0} s.");
    }
}
