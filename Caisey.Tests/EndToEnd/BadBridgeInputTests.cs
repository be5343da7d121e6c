using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Caisey.Tests.EndToEnd;

/// <summary>Garbage at the process level: the node refuses it as docs/bridge.md says, keeps serving, and changes nothing.</summary>
[Collection(EndToEndCollection.Name)]
[Trait(EndToEndCollection.Category, EndToEndCollection.Name)]
public sealed class BadBridgeInputTests(ITestOutputHelper output)
{
    private const int MaxFrameBytes = 1024 * 1024; // caisey.bridge.max-frame-bytes default

    [Fact]
    public async Task WrongCredentialMalformedAndOversizedFrames_AreRefused_AndTheNodeAndQueueAreUntouched()
    {
        await using var rig = await EndToEndRig.StartAsync(output);
        var machine = await rig.EnrollAsync();
        var queued = await rig.Api.SubmitAsync(machine.EndpointId, rig.SideEffects.Script("survivor"), "survivor");
        var before = await rig.Api.HistoryAsync(machine.EndpointId);

        using (var wrong = NewSocket("not-the-credential"))
        {
            var refused = await Assert.ThrowsAsync<WebSocketException>(() => wrong.ConnectAsync(BridgeUri(rig), CancellationToken.None));
            Assert.True(wrong.HttpStatusCode == HttpStatusCode.Unauthorized, $"Expected 401 for a wrong credential, got {(int)wrong.HttpStatusCode} ({refused.Message})");
        }

        var malformed = await CloseStatusAfterSendingAsync(rig, machine.Credential.Credential, Encoding.UTF8.GetBytes("{\"type\":\"hello\",\"id\":"));
        Assert.True(malformed == (WebSocketCloseStatus)1007, $"Expected close 1007 (invalid frame) for malformed JSON, got {malformed}");

        var oversized = JsonSerializer.SerializeToUtf8Bytes(new { type = "check-in", id = "big", padding = new string('x', MaxFrameBytes + 64 * 1024) });
        var tooBig = await CloseStatusAfterSendingAsync(rig, machine.Credential.Credential, oversized);
        Assert.True(tooBig == (WebSocketCloseStatus)1009, $"Expected close 1009 (message too big) for a {oversized.Length}-byte frame, got {tooBig}");

        var health = await rig.Node.Http.GetAsync("/healthz");
        Assert.True(health.StatusCode == HttpStatusCode.OK, $"Expected /healthz 200 after the bad input, got {(int)health.StatusCode}");
        Assert.Contains("\"ok\"", await health.Content.ReadAsStringAsync());
        Assert.Equal(before, await rig.Api.HistoryAsync(machine.EndpointId));
        Assert.Empty(rig.SideEffects.Counts());

        // The real agent with the same credential is still welcome, and the untouched command runs once.
        machine.Start();
        var done = await rig.Api.WaitForTerminalAsync(queued.Id, TimeSpan.FromSeconds(30));
        Assert.True(done is { Status: "succeeded", ExitCode: 0 }, $"Expected the queued command to succeed on the real agent, got {done}");
        rig.SideEffects.AssertEachRanExactlyOnce(["survivor"]);
    }

    private static Uri BridgeUri(EndToEndRig rig) => new($"ws://127.0.0.1:{rig.Node.Port}/agent/v1/bridge");

    private static ClientWebSocket NewSocket(string credential)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Authorization", $"Bearer {credential}");
        return socket;
    }

    /// <summary>Opens a bridge with a valid credential, sends one text message and returns the close status the node answers with.</summary>
    private static async Task<WebSocketCloseStatus?> CloseStatusAfterSendingAsync(EndToEndRig rig, string credential, byte[] message)
    {
        using var socket = NewSocket(credential);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(BridgeUri(rig), timeout.Token);
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        }
        catch (WebSocketException)
        {
            // The node may close while the rest of an oversized message is still on its way; its close frame is read below.
        }
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, timeout.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                    return received.CloseStatus;
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("Expected the node to close the bridge within 15 s after the bad frame, but it kept it open.");
            return null;
        }
        catch (WebSocketException) when (socket.CloseStatus is not null)
        {
            return socket.CloseStatus;
        }
    }
}
