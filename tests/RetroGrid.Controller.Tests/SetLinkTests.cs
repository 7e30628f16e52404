using System.Net;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Dropbox;
using RetroGrid.Dropbox;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>Sets, PKCE links (pasted code and redirect), legacy tokens and the token broker, against the Dropbox emulator.</summary>
public sealed class SetLinkTests
{
    private const string LegacyToken = Env.LegacyToken;

    private const string Passphrase = Env.Passphrase;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateSet_ListsUnlinked_AndRefusesDuplicateAndBadNames()
    {
        await using var env = await Env.StartAsync(redirect: false);
        var admin = env.Controller.Admin();

        var created = await admin.CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Passphrase }, cancellationToken: Ct);

        Assert.Equal(("laptops", "/RetroGrid/laptops", LinkState.Unlinked), (created.Name, created.DropboxFolder, created.LinkState));
        Assert.Equal(created.Id, Assert.Single((await admin.ListSetsAsync(new ListSetsRequest(), cancellationToken: Ct)).Sets).Id);
        Assert.Equal(StatusCode.AlreadyExists, (await Assert.ThrowsAsync<RpcException>(() => admin.CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Passphrase }, cancellationToken: Ct).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => admin.CreateSetAsync(new CreateSetRequest { Name = "../x", RecoveryPassphrase = Passphrase }, cancellationToken: Ct).ResponseAsync)).StatusCode);
        var missing = await Assert.ThrowsAsync<RpcException>(() => admin.GetSetAsync(new GetSetRequest { Set = "nope" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, "RG3023"), (missing.StatusCode, missing.Trailers.GetValue("retrogrid-error-code")));
    }

    [Fact]
    public async Task Link_PastedCode_LinksOnceAndTheStateCannotBeReused()
    {
        await using var env = await Env.StartAsync(redirect: false);
        var admin = env.Controller.Admin();
        await admin.CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Passphrase }, cancellationToken: Ct);

        var begun = await admin.BeginLinkAsync(new BeginLinkRequest { Set = "laptops" }, cancellationToken: Ct);
        Assert.Contains("code_challenge_method=S256", begun.AuthorizeUrl, StringComparison.Ordinal);
        Assert.Contains("token_access_type=offline", begun.AuthorizeUrl, StringComparison.Ordinal);
        var code = await env.ApproveAndReadCodeAsync(begun.AuthorizeUrl);
        var linked = await admin.CompleteLinkAsync(new CompleteLinkRequest { State = begun.State, Code = code }, cancellationToken: Ct);

        Assert.Equal(LinkState.Linked, linked.LinkState);
        Assert.NotEmpty(linked.DropboxAccount);
        var again = await Assert.ThrowsAsync<RpcException>(() => admin.CompleteLinkAsync(new CompleteLinkRequest { State = begun.State, Code = code }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal("RG3021", again.Trailers.GetValue("retrogrid-error-code"));
    }

    [Fact]
    public async Task Link_RedirectToController_FinishesInTheBrowser()
    {
        await using var env = await Env.StartAsync(redirect: true);
        var admin = env.Controller.Admin();
        await admin.CreateSetAsync(new CreateSetRequest { Name = "desktops", RecoveryPassphrase = Passphrase }, cancellationToken: Ct);
        var begun = await admin.BeginLinkAsync(new BeginLinkRequest { Set = "desktops" }, cancellationToken: Ct);

        using var approve = await env.Dropbox.GetAsync(begun.AuthorizeUrl, Ct).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Found, approve.StatusCode);
        Assert.StartsWith(env.Controller.Host.BaseAddress + "oauth/dropbox?", approve.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        using var browser = env.Controller.Browser();
        var page = await browser.GetStringAsync(approve.Headers.Location, Ct).DefaultTimeout();

        Assert.Contains("is linked to Dropbox", page, StringComparison.Ordinal);
        Assert.Equal(LinkState.Linked, (await admin.GetSetAsync(new GetSetRequest { Set = "desktops" }, cancellationToken: Ct)).LinkState);
    }

    [Fact]
    public async Task Broker_ManyConcurrentRequests_OneRefreshPerPurpose()
    {
        await using var env = await Env.StartAsync(redirect: false);
        var setId = await env.CreateLinkedSetAsync("laptops");
        var broker = env.Controller.Host.Services.GetRequiredService<TokenBroker>();
        await env.Emulator.ResetCountersAsync(Ct);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => broker.GetAsync(setId, TokenPurpose.Restore, null, Ct))).DefaultTimeout();
        var backup = await broker.GetAsync(setId, TokenPurpose.Backup, null, Ct).DefaultTimeout();

        // One refresh for the 1000 restore requests; the backup token is the one the link's bootstrap refreshed.
        Assert.Single(tokens.Select(t => t.Value).Distinct());
        Assert.Equal(1, await env.Emulator.CounterAsync("oauth2/token", Ct));
        Assert.DoesNotContain("files.content.write", tokens[0].Scopes);
        Assert.Contains("files.content.write", backup.Scopes);
    }

    [Fact]
    public async Task CreateSet_ShortRecoveryPassphrase_RefusedWithCode()
    {
        await using var env = await Env.StartAsync(redirect: false);

        var refused = await Assert.ThrowsAsync<RpcException>(() => env.Controller.Admin().CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = "short" }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal((StatusCode.FailedPrecondition, "RG3025"), (refused.StatusCode, refused.Trailers.GetValue("retrogrid-error-code")));
    }

    [Fact]
    public async Task Broker_AppUnlinked_SetNeedsReauthorizationAndCallersGetTheCode()
    {
        await using var env = await Env.StartAsync(redirect: false);
        var setId = await env.CreateLinkedSetAsync("laptops");
        var broker = env.Controller.Host.Services.GetRequiredService<TokenBroker>();
        var first = await broker.GetAsync(setId, TokenPurpose.Backup, null, Ct).DefaultTimeout();
        await env.Emulator.UnlinkAsync();
        env.Controller.Time.Advance(TimeSpan.FromHours(4));

        DropboxAccessToken? handedOut = null;
        ControllerException? refused = null;
        try
        {
            handedOut = await broker.GetAsync(setId, TokenPurpose.Backup, null, Ct).DefaultTimeout();
        }
        catch (ControllerException ex)
        {
            refused = ex;
        }

        // Said in full should it ever fail: which token came back, and how its times stand against the clock.
        Assert.True(refused is not null, $"A token was handed out at {env.Controller.Time.GetUtcNow():O}: issued {handedOut?.IssuedAt:O}, expiring {handedOut?.ExpiresAt:O}, the first one again: {handedOut?.Value == first.Value}.");
        Assert.Equal(RetroGridErrorCodes.NeedsReauthorization, refused.Code);
        Assert.Equal(LinkState.NeedsReauthorization, (await env.Controller.Admin().GetSetAsync(new GetSetRequest { Set = setId }, cancellationToken: Ct)).LinkState);
        var again = await Assert.ThrowsAsync<ControllerException>(() => broker.GetAsync(setId, TokenPurpose.Restore, null, Ct).DefaultTimeout());
        Assert.Equal(RetroGridErrorCodes.NeedsReauthorization, again.Code);
    }

    [Fact]
    public async Task ImportLegacyToken_IsFlaggedHandedOutAndNeverStoredInClear()
    {
        await using var env = await Env.StartAsync(redirect: false);
        var admin = env.Controller.Admin();
        var set = await admin.CreateSetAsync(new CreateSetRequest { Name = "old", RecoveryPassphrase = Passphrase }, cancellationToken: Ct);

        var imported = await admin.ImportLegacyTokenAsync(new ImportLegacyTokenRequest { Set = "old", AccessToken = LegacyToken }, cancellationToken: Ct);
        var token = await env.Controller.Host.Services.GetRequiredService<TokenBroker>().GetAsync(set.Id, TokenPurpose.Restore, null, Ct);

        Assert.Equal(LinkState.LegacyToken, imported.LinkState);
        Assert.Equal((LegacyToken, true), (token.Value, token.IsLegacy));
        Assert.Equal(1, SetsGauge(env.Controller)["legacy_token"]);
        var catalog = await env.Controller.ReadCatalogTextAsync(Ct);
        Assert.Contains("old", catalog, StringComparison.Ordinal);
        Assert.DoesNotContain(LegacyToken, catalog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BeginLink_NoAppKey_RefusedWithCode()
    {
        await using var env = await Env.StartAsync(redirect: false, appKey: null);
        var admin = env.Controller.Admin();
        await admin.CreateSetAsync(new CreateSetRequest { Name = "laptops", RecoveryPassphrase = Passphrase }, cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<RpcException>(() => admin.BeginLinkAsync(new BeginLinkRequest { Set = "laptops" }, cancellationToken: Ct).ResponseAsync);

        Assert.Equal((StatusCode.FailedPrecondition, "RG3020"), (refused.StatusCode, refused.Trailers.GetValue("retrogrid-error-code")));
    }

    /// <summary>The controller's <c>retrogrid.sets</c> gauge, read now: sets per link state.</summary>
    private static Dictionary<string, long> SetsGauge(ControllerFixture controller)
    {
        var meter = controller.Host.Services.GetRequiredService<Telemetry.ControllerMetrics>().Meter;
        var sets = new Dictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Name == "retrogrid.sets")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => sets[(string)tags[0].Value!] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return sets;
    }
}
