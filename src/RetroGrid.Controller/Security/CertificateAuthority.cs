using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RetroGrid.Controller.Security;

/// <summary>
/// The controller's own certificate authority: it signs the controller's TLS certificate and every agent's client
/// certificate (from a CSR, so an agent's private key never leaves its workstation), and it is the only root an
/// agent's certificate is checked against.
/// </summary>
internal sealed class CertificateAuthority : IDisposable
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private readonly X509Certificate2 _certificate;

    private CertificateAuthority(X509Certificate2 certificate) => _certificate = certificate;

    /// <summary>The CA certificate without its key, for clients to trust.</summary>
    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>SHA-256 of the CA certificate (DER), lower-case hex: what an enrolling agent pins.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(_certificate.RawDataMemory.Span));

    /// <summary>A new CA (ECDSA P-256, ten years), written to the data directory; the key file is owner-only.</summary>
    public static CertificateAuthority Create(ControllerPaths paths, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=RetroGrid controller CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        File.WriteAllText(paths.CaCertificate, certificate.ExportCertificatePem());
        ControllerPaths.WriteSecret(paths.CaKey, System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        return new CertificateAuthority(certificate);
    }

    public static CertificateAuthority Load(ControllerPaths paths) =>
        new(X509Certificate2.CreateFromPemFile(paths.CaCertificate, paths.CaKey));

    /// <summary>The controller's TLS certificate for <paramref name="hostNames"/> (names or IP addresses), written to the data directory.</summary>
    public void IssueServerCertificate(ControllerPaths paths, IEnumerable<string> hostNames, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=RetroGrid controller", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in hostNames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(name, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        AddLeafExtensions(request, ServerAuthentication);
        using var certificate = request.Create(_certificate, now.AddMinutes(-5), now.AddYears(2), NewSerial());
        File.WriteAllText(paths.ServerCertificate, certificate.ExportCertificatePem());
        ControllerPaths.WriteSecret(paths.ServerKey, System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
    }

    /// <summary>
    /// Signs an agent's certificate signing request: the CSR's own signature is checked (the agent holds the key), and
    /// the certificate names <paramref name="agentId"/> whatever subject the CSR asked for.
    /// </summary>
    /// <exception cref="CryptographicException">The CSR is malformed or its signature does not verify.</exception>
    public X509Certificate2 SignAgentCertificate(ReadOnlySpan<byte> csrDer, string agentId, DateTimeOffset now)
    {
        var asked = CertificateRequest.LoadSigningRequest(
            csrDer.ToArray(), HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default, RSASignaturePadding.Pss);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={agentId}"), asked.PublicKey, HashAlgorithmName.SHA256);
        AddLeafExtensions(request, ClientAuthentication);
        return request.Create(_certificate, now.AddMinutes(-5), now.AddYears(2), NewSerial());
    }

    /// <summary>The agent id a client certificate names, if this CA issued it and it is valid now; else null.</summary>
    public string? AgentIdOf(X509Certificate2? certificate, DateTimeOffset now)
    {
        if (certificate is null)
        {
            return null;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // revocation is the catalog's: checked by the caller
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (!chain.Build(certificate) || !chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(_certificate.RawDataMemory.Span))
        {
            return null;
        }

        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrEmpty(name) ? null : name;
    }

    public void Dispose() => _certificate.Dispose();

    private static void AddLeafExtensions(CertificateRequest request, Oid usage)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
    }

    /// <summary>16 random bytes with the top bit clear: a serial number must be positive.</summary>
    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return serial;
    }
}
