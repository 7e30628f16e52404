using System.Security.Cryptography;
using System.Text;
using RetroGrid.Contracts.V1;
using RetroGrid.Dropbox;

namespace RetroGrid.Agent.Service;

/// <summary>
/// A running job's Dropbox tokens, asked of the controller (which holds the refresh token) and reused until five
/// minutes before they expire; a token Dropbox refuses as expired is replaced at once, through the controller.
/// </summary>
internal sealed class ControllerTokenSource(AgentService.AgentServiceClient controller, string setId, string jobId, TokenPurpose purpose, TimeProvider time)
    : IDropboxTokenSource, IDisposable
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DropboxAccessToken? _current;

    public async ValueTask<DropboxAccessToken> GetAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!forceRefresh && _current is { } current && (current.ExpiresAt is not { } expires || time.GetUtcNow() < expires - Margin))
            {
                return current;
            }

            var request = new GetAccessTokenRequest { SetId = setId, JobId = jobId, Purpose = purpose };
            if (forceRefresh && _current is { } refused)
            {
                // Dropbox refused it: the controller may still think it good (clocks differ), so say which one.
                request.RejectedTokenSha256 = Google.Protobuf.ByteString.CopyFrom(SHA256.HashData(Encoding.UTF8.GetBytes(refused.Value)));
            }

            var response = await controller.GetAccessTokenAsync(request, cancellationToken: cancellationToken);
            _current = new DropboxAccessToken(
                response.AccessToken, response.ExpiresAt?.ToDateTimeOffset(), response.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries), time.GetUtcNow());
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
