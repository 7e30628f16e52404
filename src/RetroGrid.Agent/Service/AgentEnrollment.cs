using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Core;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Agent.Service;

/// <summary>
/// `retrogrid-agent enroll`: makes a key pair here (the private key never leaves this machine), sends a CSR with the
/// one-time token, and keeps what the controller answers in the state directory.
/// </summary>
internal static class AgentEnrollment
{
    public static async Task<AgentIdentity> EnrollAsync(
        AgentStateDirectory state, Uri controller, string token, string caSha256, string agentVersion, CancellationToken cancellationToken)
    {
        if (state.IsEnrolled)
        {
            throw new AgentServiceException(Cli.AgentErrorCodes.AlreadyEnrolled, $"{state.Root} already holds an enrolled agent.");
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=retrogrid-agent", key, HashAlgorithmName.SHA256).CreateSigningRequest();
        EnrollResponse response;
        try
        {
            using var ca = await ControllerChannels.FetchPinnedCaAsync(controller, caSha256, cancellationToken);
            using var channel = ControllerChannels.ForAgent(controller, ca, clientCertificate: null);
            response = await new AgentService.AgentServiceClient(channel).EnrollAsync(
                new EnrollRequest
                {
                    EnrollmentToken = token,
                    CsrDer = Google.Protobuf.ByteString.CopyFrom(csr),
                    HostName = Environment.MachineName,
                    Os = $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription} ({System.Runtime.InteropServices.RuntimeInformation.OSArchitecture})",
                    AgentVersion = agentVersion,
                },
                cancellationToken: cancellationToken);
        }
        catch (RpcException ex)
        {
            throw ControllerErrors.From(ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AgentServiceException(Cli.AgentErrorCodes.ControllerUnreachable, ex.Message, ex);
        }

        Directory.CreateDirectory(state.Root);
        WriteOwnerOnly(state.Key, key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(state.Certificate, response.CertificatePem, cancellationToken);
        await File.WriteAllTextAsync(state.CaCertificate, response.CaCertificatePem, cancellationToken);
        var identity = new AgentIdentity(response.AgentId, controller);
        identity.Save(state);
        return identity;
    }

    private static void WriteOwnerOnly(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.ASCII.GetBytes(content));
    }
}
