using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Controller.Hosting;
using RetroGrid.Controller.Security;
using RetroGrid.Controller.Sets;
using RetroGrid.Dropbox;

namespace RetroGrid.Controller.Dropbox;

/// <summary>
/// Links sets to Dropbox accounts with PKCE: the controller makes the verifier, challenge and state, keeps the
/// verifier sealed until the code comes back (by redirect or pasted), exchanges it and stores the refresh token
/// sealed. A re-link replaces the credentials; the broker drops the old ones, and agents' tokens keep working until
/// they expire.
/// </summary>
internal sealed class SetLinks(
    SetRegistry sets, SecretVault vault, DropboxApp app, TokenBroker broker, SetBootstrapper bootstrapper, AdminCredentialStore audit, ControllerAddress address,
    IOptions<ControllerOptions> options)
{
    public const string RedirectPath = "oauth/dropbox";

    private const string VerifierPurpose = "pkce-verifier";

    public async Task<BeginLinkResponse> BeginAsync(string setIdOrName, string actor, CancellationToken cancellationToken)
    {
        var set = await sets.FindAsync(setIdOrName, cancellationToken) ?? throw NotFound(setIdOrName);
        var redirect = options.Value.Dropbox.RedirectToController ? new Uri(address.BaseAddress, RedirectPath) : null;
        var request = app.OAuth().CreateAuthorizationRequest(new DropboxAuthorizeOptions { Scopes = DropboxApp.LinkScopes, RedirectUri = redirect });
        var expiresAt = options.Value.TimeProvider.GetUtcNow() + options.Value.LinkAttemptLifetime;
        await sets.AddLinkAttemptAsync(request.State, set.Id, vault.Seal($"{VerifierPurpose}:{request.State}", request.CodeVerifier), redirect?.AbsoluteUri, expiresAt, cancellationToken);
        await audit.AuditAsync(actor, "set.link.begin", set.Id, cancellationToken);
        return new BeginLinkResponse { AuthorizeUrl = request.AuthorizeUri.AbsoluteUri, State = request.State, ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(expiresAt) };
    }

    /// <summary>Exchanges the code of a link attempt; returns the linked set's id.</summary>
    public async Task<string> CompleteAsync(string state, string code, string actor, CancellationToken cancellationToken)
    {
        var attempt = await sets.TakeLinkAttemptAsync(state, cancellationToken)
            ?? throw new ControllerException(ControllerErrorCodes.LinkAttemptInvalid, "No link attempt has that state.");
        string verifier;
        try
        {
            verifier = vault.OpenText($"{VerifierPurpose}:{state}", attempt.SealedVerifier);
        }
        catch (CryptographicException)
        {
            throw new ControllerException(ControllerErrorCodes.LinkAttemptInvalid, "The link attempt's verifier does not open.");
        }

        var credentials = await app.OAuth().ExchangeCodeAsync(code, verifier, attempt.RedirectUri is { } uri ? new Uri(uri) : null, cancellationToken);
        if (credentials.RefreshToken is not { } refreshToken)
        {
            throw new ControllerException(ControllerErrorCodes.SetNotLinked, "Dropbox returned no refresh token (token_access_type=offline was not honoured).");
        }

        await sets.SetLinkedAsync(attempt.SetId, vault.Seal(SetRecord.RefreshTokenPurpose(attempt.SetId), refreshToken), credentials.AccountId, cancellationToken);
        broker.Forget(attempt.SetId);
        await audit.AuditAsync(actor, "set.link.complete", attempt.SetId, cancellationToken);
        await bootstrapper.BootstrapAsync(attempt.SetId, cancellationToken);
        return attempt.SetId;
    }

    /// <summary>Links a set with a legacy long-lived token: it works as is and is flagged until re-linked.</summary>
    public async Task ImportLegacyTokenAsync(string setIdOrName, string accessToken, string actor, CancellationToken cancellationToken)
    {
        var set = await sets.FindAsync(setIdOrName, cancellationToken) ?? throw NotFound(setIdOrName);
        await sets.SetLegacyAsync(set.Id, vault.Seal(SetRecord.LegacyTokenPurpose(set.Id), accessToken), cancellationToken);
        broker.Forget(set.Id);
        await audit.AuditAsync(actor, "set.legacy-token.import", set.Id, cancellationToken);
        await bootstrapper.BootstrapAsync(set.Id, cancellationToken);
    }

    private static ControllerException NotFound(string setIdOrName) => new(ControllerErrorCodes.SetNotFound, $"No set '{setIdOrName}'.");
}
