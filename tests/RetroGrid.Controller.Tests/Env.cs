using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using RetroGrid.Contracts.V1;
using RetroGrid.Dropbox.Emulator;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>The emulator (auto-approving, as a signed-in browser would) and a controller using it as Dropbox.</summary>
internal sealed partial class Env : IAsyncDisposable
{
    public const string LegacyToken = "legacy-token-for-tests";

    public const string Passphrase = "correct horse battery staple";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Env(DropboxEmulatorHost emulator, ControllerFixture controller)
    {
        EmulatorHost = emulator;
        Controller = controller;
        Dropbox = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        Emulator = new EmulatorAdmin(emulator.BaseAddress);
    }

    public DropboxEmulatorHost EmulatorHost { get; }

    public ControllerFixture Controller { get; }

    /// <summary>The browser talking to Dropbox: redirects are looked at, not followed.</summary>
    public HttpClient Dropbox { get; }

    public EmulatorAdmin Emulator { get; }

    public static async Task<Env> StartAsync(
        bool redirect, string? appKey = "retrogrid-dev", bool runScheduler = true, ILoggerProvider? logs = null, TimeSpan? accessTokenLifetime = null)
    {
        var emulatorOptions = new EmulatorOptions { AutoApprove = true };
        if (accessTokenLifetime is { } lifetime)
        {
            emulatorOptions.AccessTokenLifetime = lifetime;
        }

        emulatorOptions.LegacyTokens.Add(LegacyToken);
        var emulator = await DropboxEmulatorHost.StartAsync(emulatorOptions, Ct);
        var controller = await ControllerFixture.StartAsync(Ct, options =>
        {
            options.RunScheduler = runScheduler;
            if (logs is not null)
            {
                options.ConfigureLogging = logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
            }

            options.Dropbox = new()
            {
                AppKey = appKey,
                AuthorizeBaseAddress = emulator.BaseAddress,
                ApiBaseAddress = emulator.BaseAddress,
                ContentBaseAddress = emulator.BaseAddress,
                RedirectToController = redirect,
            };
        });
        return new Env(emulator, controller);
    }

    /// <summary>A brand-new controller (its own data directory, CA and key) on the same Dropbox: the old one's replacement.</summary>
    public Task<ControllerFixture> StartAnotherControllerAsync() => ControllerFixture.StartAsync(Ct, options =>
    {
        options.RunScheduler = false;
        options.Dropbox = new()
        {
            AppKey = "retrogrid-dev",
            AuthorizeBaseAddress = EmulatorHost.BaseAddress,
            ApiBaseAddress = EmulatorHost.BaseAddress,
            ContentBaseAddress = EmulatorHost.BaseAddress,
        };
    });

    public async Task<string> ApproveAndReadCodeAsync(string authorizeUrl)
    {
        var html = await Dropbox.GetStringAsync(authorizeUrl, Ct).DefaultTimeout();
        return WebUtility.HtmlDecode(ShownCode().Match(html).Groups[1].Value);
    }

    public async Task<string> CreateLinkedSetAsync(string name)
    {
        var admin = Controller.Admin();
        var set = await admin.CreateSetAsync(new CreateSetRequest { Name = name, RecoveryPassphrase = Passphrase }, cancellationToken: Ct);
        var begun = await admin.BeginLinkAsync(new BeginLinkRequest { Set = name }, cancellationToken: Ct);
        await admin.CompleteLinkAsync(new CompleteLinkRequest { State = begun.State, Code = await ApproveAndReadCodeAsync(begun.AuthorizeUrl) }, cancellationToken: Ct);
        return set.Id;
    }

    public async ValueTask DisposeAsync()
    {
        Dropbox.Dispose();
        Emulator.Dispose();
        await Controller.DisposeAsync();
        await EmulatorHost.DisposeAsync();
    }

    [GeneratedRegex("<code id=\"auth-code\">([^<]+)</code>")]
    private static partial Regex ShownCode();
}
