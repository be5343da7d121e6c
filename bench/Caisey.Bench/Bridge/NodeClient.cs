using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Caisey.Bench.Bridge;

/// <summary>The technician's and the enrolling agent's side of the HTTP API, over one keep-alive client.</summary>
internal sealed class NodeClient : IDisposable
{
    private NodeClient(Uri baseAddress, string token)
    {
        BaseAddress = baseAddress;
        Token = token;
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, MaxConnectionsPerServer = 512 })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri BaseAddress { get; }

    public string Token { get; }

    public HttpClient Http { get; }

    public Uri BridgeUri => new(new Uri(BaseAddress.ToString().Replace("http", "ws", StringComparison.Ordinal)), Caisey.Protocol.Frames.BridgeProtocol.Path);

    /// <summary>A client that sends <paramref name="token"/> as is (a server that does not check it: the bare exchange).</summary>
    public static NodeClient WithToken(Uri baseAddress, string token) => new(baseAddress, token);

    public static async Task<NodeClient> LoginAsync(Uri baseAddress, string password)
    {
        using var anonymous = new HttpClient { BaseAddress = baseAddress };
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new NodeClient(baseAddress, body.RootElement.GetProperty("token").GetString()!);
    }

    /// <summary>One enrollment token with maxUses = <paramref name="count"/>, then <paramref name="count"/> enrollments, <paramref name="parallel"/> at a time.</summary>
    public async Task<(string EndpointId, string Credential)[]> EnrollAsync(int count, int parallel = 32)
    {
        var token = await EnrollmentTokenAsync(count);
        var agents = new (string, string)[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/agent/v1/enroll")
            {
                Content = JsonContent.Create(new { enrollmentToken = token, hostname = $"sim-{i:D6}", os = "linux", agentVersion = "bench-1.0" }),
            };
            var response = await Http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            agents[i] = (body.RootElement.GetProperty("endpointId").GetString()!, body.RootElement.GetProperty("credential").GetString()!);
        });
        return agents;
    }

    /// <summary>Submits a no-op command; returns its id once the node answered 202 (CommandQueued is durable).</summary>
    public Task<string> SubmitAsync(string endpointId, CancellationToken ct = default) => SubmitAsync(endpointId, NoOpCommand, ct);

    /// <summary>Submits <paramref name="script"/> (sh); returns its id once the node answered 202.</summary>
    public Task<string> SubmitAsync(string endpointId, string script, CancellationToken ct = default) =>
        SubmitAsync(endpointId, Json(new { script, shell = "sh" }), ct);

    /// <summary>An enrollment token for <paramref name="maxUses"/> agents, valid for an hour.</summary>
    public async Task<string> EnrollmentTokenAsync(int maxUses)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/enrollment-tokens", new { maxUses, expiresInMinutes = 60 });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString()!;
    }

    private async Task<string> SubmitAsync(string endpointId, HttpContent command, CancellationToken ct)
    {
        using var response = await Http.PostAsync($"/api/v1/endpoints/{endpointId}/commands", command, ct);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
            throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        var json = await response.Content.ReadAsByteArrayAsync(ct);
        return ReadId(json);
    }

    private static string ReadId(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                return reader.GetString()!;
            }
        }
        throw new InvalidOperationException("The command view has no id.");
    }

    /// <summary>One no-op command to each of <paramref name="endpointIds"/> in one <c>POST /api/v1/batches</c>.</summary>
    public async Task SubmitBatchAsync(IReadOnlyList<string> endpointIds, CancellationToken ct = default)
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/batches",
            new { endpointIds, command = new { script = "true", shell = "sh" } }, ct);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
            throw new InvalidOperationException($"batch answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        await response.Content.ReadAsByteArrayAsync(ct);
    }

    private static ByteArrayContent NoOpCommand => Json(new { script = "true", shell = "sh" });

    /// <summary>A JSON body sent with its Content-Length, as curl and a browser send one (<c>JsonContent</c> is chunked).</summary>
    private static ByteArrayContent Json<T>(T value)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public void Dispose() => Http.Dispose();
}
