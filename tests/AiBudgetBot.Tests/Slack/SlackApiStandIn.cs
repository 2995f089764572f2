using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiBudgetBot.Tests.Slack;

/// <summary>
/// A local Slack Web API on 127.0.0.1 (real Kestrel, real HTTP) that records every call and
/// answers ok:true unless a test scripted a 429 or an ok:false. Also stands in for
/// <c>response_url</c> hooks under <c>/hooks/…</c> and for the external file upload:
/// <c>files.getUploadURLExternal</c> hands out an upload URL on this server, <c>/upload/{fileId}</c>
/// keeps the bytes, <c>files.completeUploadExternal</c> refuses a file whose bytes never came.
/// </summary>
public sealed class SlackApiStandIn : IAsyncDisposable
{
    public const string ResponseUrlMethod = "response_url";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SlackApiCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpContext, Task>>> _scripts = new();
    private readonly ConcurrentDictionary<string, int> _announced = new();
    private readonly ConcurrentDictionary<string, byte[]> _uploads = new();
    private int _fileCount;

    private SlackApiStandIn(WebApplication app)
    {
        _app = app;
    }

    public Uri Root { get; private set; } = null!;

    public Uri ApiBaseUrl => new(Root, "api/");

    public IReadOnlyList<SlackApiCall> Calls => _calls.ToList();

    /// <summary>The workspace <c>auth.test</c> names: the bot token's own.</summary>
    public string Workspace { get; set; } = "T0";

    /// <summary>Users <c>users.info</c> knows, keyed by id (Slack's user object: id, team_id, is_bot, deleted, profile.email).</summary>
    public ConcurrentDictionary<string, JsonObject> Users { get; } = new();

    /// <summary>Channel rosters for <c>conversations.members</c>.</summary>
    public ConcurrentDictionary<string, string[]> ChannelMembers { get; } = new();

    /// <summary>Page size of <c>conversations.members</c> (small, so paging is exercised; Slack's cursor is opaque, ours an offset).</summary>
    public int ChannelPageSize { get; set; } = 2;

    public void AddUser(string id, string email, string? teamId = null, string? realName = null) =>
        Users[id] = new JsonObject
        {
            ["id"] = id,
            ["team_id"] = teamId ?? Workspace,
            ["name"] = id.ToLowerInvariant(),
            ["real_name"] = realName ?? email,
            ["deleted"] = false,
            ["is_bot"] = false,
            ["profile"] = new JsonObject { ["email"] = email, ["real_name"] = realName ?? email },
        };

    public Uri HookUrl(string name) => new(Root, "hooks/" + name);

    public IReadOnlyList<SlackApiCall> CallsTo(string method) => _calls.Where(c => c.Method == method).ToList();

    /// <summary>The bytes POSTed to an upload URL, by file id.</summary>
    public IReadOnlyDictionary<string, byte[]> Uploads => _uploads;

    public const string UploadMethod = "upload";

    public static async Task<SlackApiStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new SlackApiStandIn(app);

        app.MapPost("/api/{method}", (string method, HttpContext http) => standIn.ApiAsync(method, http));
        app.MapPost("/hooks/{**name}", (string name, HttpContext http) => standIn.HookAsync(name, http));
        app.MapPost("/upload/{fileId}", (string fileId, HttpContext http) => standIn.UploadAsync(fileId, http));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.Root = new Uri(address.TrimEnd('/') + "/");
        return standIn;
    }

    /// <summary>The next call to <paramref name="method"/> gets a 429 with Retry-After.</summary>
    public void Enqueue429(string method, int retryAfterSeconds) => Script(method, http =>
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString();
        return Task.CompletedTask;
    });

    /// <summary>The next call to <paramref name="method"/> gets HTTP 200 <c>{ ok: false, error }</c>, as Slack does.</summary>
    public void EnqueueError(string method, string error) =>
        Script(method, http => http.Response.WriteAsJsonAsync(new { ok = false, error }));

    public void EnqueueStatus(string method, int status) => Script(method, http =>
    {
        http.Response.StatusCode = status;
        return Task.CompletedTask;
    });

    public async Task<IReadOnlyList<SlackApiCall>> WaitForAsync(string method, int count = 1, TimeSpan? timeout = null)
    {
        await Eventually.TrueAsync(() => CallsTo(method).Count >= count, timeout, $"{count} call(s) to {method}; saw: {string.Join(", ", Calls.Select(c => c.Method))}");
        return CallsTo(method);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Script(string method, Func<HttpContext, Task> answer) =>
        _scripts.GetOrAdd(method, _ => new()).Enqueue(answer);

    private async Task ApiAsync(string method, HttpContext http)
    {
        // Slack takes JSON or form-encoded bodies; a form is recorded as an object of its fields.
        JsonNode body;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync();
            body = new JsonObject(form.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)JsonValue.Create(f.Value.ToString()))));
        }
        else
        {
            body = await JsonNode.ParseAsync(http.Request.Body) ?? new JsonObject();
        }

        _calls.Enqueue(new SlackApiCall(method, http.Request.Headers.Authorization.ToString(), http.Request.ContentType, body));

        if (_scripts.TryGetValue(method, out var script) && script.TryDequeue(out var answer))
        {
            await answer(http);
            return;
        }

        object reply = method switch
        {
            "conversations.open" => new { ok = true, channel = new { id = "D0STANDIN" } },
            "files.getUploadURLExternal" => GetUploadUrl(body),
            "files.completeUploadExternal" => CompleteUpload(body),
            "auth.test" => new { ok = true, team_id = Workspace, user_id = "U0BOT", bot_id = "B0BOT" },
            "users.info" => Users.TryGetValue(body["user"]?.GetValue<string>() ?? "", out var user)
                ? new JsonObject { ["ok"] = true, ["user"] = user.DeepClone() }
                : new { ok = false, error = "user_not_found" },
            "conversations.members" => ChannelMembers.TryGetValue(body["channel"]?.GetValue<string>() ?? "", out var members)
                ? MembersPage(members, body["cursor"]?.GetValue<string>())
                : new { ok = false, error = "channel_not_found" },
            "views.publish" => new { ok = true, view = new { id = "V0STANDIN" } },
            _ => new { ok = true, channel = body["channel"]?.GetValue<string>(), ts = "1700000000.000100" },
        };
        await http.Response.WriteAsJsonAsync(reply);
    }

    private object MembersPage(string[] members, string? cursor)
    {
        var start = int.TryParse(cursor, out var at) ? at : 0;
        var page = members.Skip(start).Take(ChannelPageSize).ToArray();
        var next = start + page.Length < members.Length ? (start + page.Length).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return new { ok = true, members = page, response_metadata = new { next_cursor = next } };
    }

    private object GetUploadUrl(JsonNode body)
    {
        if (body["filename"]?.GetValue<string>() is not { Length: > 0 } || !int.TryParse(body["length"]?.GetValue<string>(), out var length) || length <= 0)
        {
            return new { ok = false, error = "invalid_arguments" };
        }

        var fileId = $"F0STANDIN{Interlocked.Increment(ref _fileCount)}";
        _announced[fileId] = length;
        return new { ok = true, upload_url = new Uri(Root, "upload/" + fileId).AbsoluteUri, file_id = fileId };
    }

    private object CompleteUpload(JsonNode body)
    {
        var files = JsonNode.Parse(body["files"]?.GetValue<string>() ?? "[]")!.AsArray();
        foreach (var file in files)
        {
            var id = file!["id"]!.GetValue<string>();
            // Slack discards an upload whose bytes did not arrive, or arrived short.
            if (!_uploads.TryGetValue(id, out var bytes) || bytes.Length != _announced.GetValueOrDefault(id))
            {
                return new { ok = false, error = "file_not_found" };
            }
        }

        return new { ok = true, files = files.Select(f => new { id = f!["id"]!.GetValue<string>(), title = f["title"]?.GetValue<string>() }) };
    }

    private async Task UploadAsync(string fileId, HttpContext http)
    {
        using var bytes = new MemoryStream();
        await http.Request.Body.CopyToAsync(bytes);
        _calls.Enqueue(new SlackApiCall(UploadMethod, http.Request.Headers.Authorization.ToString(), http.Request.ContentType, new JsonObject { ["file_id"] = fileId, ["length"] = bytes.Length }));
        if (!_announced.ContainsKey(fileId))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        _uploads[fileId] = bytes.ToArray();
        await http.Response.WriteAsync($"OK - {bytes.Length}");
    }

    private async Task HookAsync(string name, HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body) ?? new JsonObject();
        _calls.Enqueue(new SlackApiCall(ResponseUrlMethod, http.Request.Headers.Authorization.ToString(), http.Request.ContentType, body, name));
        await http.Response.WriteAsync("ok");
    }
}

/// <summary>One request the stand-in received.</summary>
public sealed record SlackApiCall(string Method, string Authorization, string? ContentType, JsonNode Body, string? HookName = null)
{
    public string? Str(string name) => Body[name]?.GetValue<string>();

    public override string ToString() => $"{Method} {Body.ToJsonString(new JsonSerializerOptions { WriteIndented = false })}";
}
