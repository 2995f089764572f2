using System.ComponentModel.DataAnnotations;
using AiBudgetBot.Teams;

namespace AiBudgetBot.Tests.Teams;

public sealed class TeamsOptionsTests
{
    private static List<string> Errors(TeamsOptions options) => [.. options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage!)];

    [Fact]
    public void TeamsOptions_WithoutAppId_AreOffAndValid()
    {
        var options = new TeamsOptions();
        Assert.False(options.IsEnabled);
        Assert.Empty(Errors(options));
    }

    [Fact]
    public void TeamsOptions_AppIdWithoutPassword_NameTheKey()
    {
        Assert.Contains(Errors(new TeamsOptions { AppId = "x" }), e => e.Contains("Teams:AppPassword"));
    }

    [Fact]
    public void TeamsOptions_SingleTenantWithoutTenantId_NameTheKey()
    {
        Assert.Contains(Errors(new TeamsOptions { AppId = "x", AppPassword = "y", AppType = TeamsAppType.SingleTenant }), e => e.Contains("Teams:TenantId"));
    }

    [Theory]
    [InlineData("http://login.example.com/meta", null, "Teams:OpenIdMetadataUrl")]
    [InlineData(TeamsOptions.DefaultOpenIdMetadataUrl, "http://login.example.com/token", "Teams:TokenEndpoint")]
    [InlineData("not a url", null, "Teams:OpenIdMetadataUrl")]
    public void TeamsOptions_WithPlainHttpOffLoopback_NameTheKey(string metadata, string? token, string key)
    {
        Assert.Contains(Errors(new TeamsOptions { AppId = "x", AppPassword = "y", OpenIdMetadataUrl = metadata, TokenEndpoint = token }), e => e.Contains(key));
    }

    [Fact]
    public void TeamsOptions_UnauthenticatedDevelopmentWithAppId_IsRefused()
    {
        Assert.Contains(Errors(new TeamsOptions { AppId = "x", AppPassword = "y", AllowUnauthenticatedDevelopment = true }), e => e.Contains("Teams:AllowUnauthenticatedDevelopment"));
    }

    [Theory]
    [InlineData(TeamsAppType.MultiTenant, null, "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token")]
    [InlineData(TeamsAppType.SingleTenant, "contoso-tenant", "https://login.microsoftonline.com/contoso-tenant/oauth2/v2.0/token")]
    public void TokenEndpoint_DefaultsPerAppType(TeamsAppType type, string? tenant, string expected)
    {
        Assert.Equal(expected, new TeamsOptions { AppId = "x", AppType = type, TenantId = tenant }.EffectiveTokenEndpoint);
    }

    [Fact]
    public void LoopbackHttpEndpoints_AreAllowedForStandIns()
    {
        Assert.Empty(Errors(new TeamsOptions { AppId = "x", AppPassword = "y", OpenIdMetadataUrl = "http://127.0.0.1:5000/meta", TokenEndpoint = "http://localhost:5000/token" }));
    }
}
