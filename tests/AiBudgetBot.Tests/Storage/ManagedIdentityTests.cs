using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using AiBudgetBot.Tests.Infrastructure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiBudgetBot.Tests.Storage;

/// <summary>
/// <c>Storage:AccountUri</c>: the table clients reach the account with a token from the credential, no key.
/// Loopback cannot be Azure, so the store here is an https stand-in that records what it is sent and answers
/// as an account answers an identity without a data role (403 AuthorizationPermissionMismatch): what is
/// proven is the wire (a bearer token for the storage scope, no shared key) and the operator's answer.
/// </summary>
public sealed class ManagedIdentityTests
{
    [Fact]
    public async Task AccountUri_SendsTheCredentialsBearerToken_AndAStoreThatRefusesItIsNotReady()
    {
        await using var account = await RefusingAccount.StartAsync();
        var credential = new RecordingCredential();
        await using var bot = Bot(account, credential);

        var ready = await bot.CreateClient().GetAsync("/readyz");
        var usage = await bot.Ingest().PostAsync("/api/v1/usage", new StringContent("""{"id":"e1","timestamp":"2026-12-01T10:00:00Z","team":"marketing","model":"gpt-4o","cost":1}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("Storage Table Data Contributor", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        // Refused is not durable: 503 (retry later), never 200 and never a 500.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, usage.StatusCode);
        Assert.NotEmpty(account.Requests);
        Assert.All(account.Requests, r => Assert.Equal("Bearer " + RecordingCredential.Token, r.Authorization));
        Assert.Contains(credential.Scopes, s => s == "https://storage.azure.com/.default");
    }

    [Fact]
    public async Task AccountUri_AndConnectionString_BothSet_StopsTheBotNamingBoth()
    {
        await using var account = await RefusingAccount.StartAsync();
        await using var bot = new BotFactory((await Azurite.SharedAsync()).ConnectionString, BotFactory.NewPrefix(), new Dictionary<string, string?>
        {
            ["Storage:AccountUri"] = account.Uri.ToString(),
        });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => bot.CreateClient());
        Assert.Contains("exactly one of Storage:ConnectionString", error.Message);
    }

    [Fact]
    public void AccountUri_OverPlainHttp_IsRefusedAtStart()
    {
        using var bot = new BotFactory("", BotFactory.NewPrefix(), new Dictionary<string, string?>
        {
            ["Storage:AccountUri"] = "http://127.0.0.1:10002/devstoreaccount1",
        });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => bot.CreateClient());
        Assert.Contains("Storage:AccountUri must be the account's https table endpoint", error.Message);
    }

    private static IdentityBot Bot(RefusingAccount account, TokenCredential credential)
    {
        var factory = new BotFactory("", BotFactory.NewPrefix(), new Dictionary<string, string?>
        {
            ["Storage:AccountUri"] = account.Uri.ToString(),
            ["Storage:TimeoutSeconds"] = "5",
        });
        return new IdentityBot(factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton(credential));
            // Trust exactly the stand-in's own certificate, nothing else.
            services.AddSingleton<HttpPipelineTransport>(new HttpClientTransport(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == account.Thumbprint,
            }));
        })), factory);
    }

    /// <summary>The derived factory, with the ingestion key, disposed together with the one it came from.</summary>
    private sealed class IdentityBot(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> inner, BotFactory origin) : IAsyncDisposable
    {
        public HttpClient CreateClient() => inner.CreateClient();

        public HttpClient Ingest()
        {
            var client = inner.CreateClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BotFactory.IngestKey);
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await origin.DisposeAsync();
        }
    }

    /// <summary>A credential a test can see: hands out a known token and records the scopes asked for.</summary>
    private sealed class RecordingCredential : TokenCredential
    {
        public const string Token = "test-token-for-the-storage-scope";

        public ConcurrentQueue<string> Scopes { get; } = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            foreach (var scope in requestContext.Scopes)
            {
                Scopes.Enqueue(scope);
            }

            return new AccessToken(Token, TimeProvider.System.GetUtcNow().AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    /// <summary>A loopback https Table endpoint that answers every request as Azure does an identity with no data role.</summary>
    private sealed class RefusingAccount : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private RefusingAccount(WebApplication app, Uri uri, string thumbprint)
        {
            _app = app;
            Uri = uri;
            Thumbprint = thumbprint;
        }

        public Uri Uri { get; }

        public string Thumbprint { get; }

        public ConcurrentQueue<(string Path, string Authorization)> Requests { get; } = new();

        public static async Task<RefusingAccount> StartAsync()
        {
            var certificate = SelfSigned();
            var port = Azurite.FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
            var app = builder.Build();
            var account = new RefusingAccount(app, new Uri($"https://127.0.0.1:{port}/devstoreaccount1"), certificate.Thumbprint);
            app.Run(async http =>
            {
                account.Requests.Enqueue((http.Request.Path, http.Request.Headers.Authorization.ToString()));
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                http.Response.Headers["x-ms-error-code"] = "AuthorizationPermissionMismatch";
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("""{"odata.error":{"code":"AuthorizationPermissionMismatch","message":{"lang":"en-US","value":"This request is not authorized to perform this operation using this permission."}}}""");
            });
            await app.StartAsync();
            return account;
        }

        private static X509Certificate2 SelfSigned()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var created = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeProvider.System.GetUtcNow().AddHours(1));
            // Kestrel needs the private key in a form it can load on every platform.
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
