using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RetroGrid.Controller.Tests;

/// <summary>What an enrolling agent makes: a key pair and a CSR; then the client certificate from the controller's answer.</summary>
internal sealed class AgentKeys : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] CertificateSigningRequest() =>
        new CertificateRequest("CN=ignored-by-the-controller", _key, HashAlgorithmName.SHA256).CreateSigningRequest();

    public X509Certificate2 ClientCertificate(string certificatePem)
    {
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        using var withKey = certificate.CopyWithPrivateKey(_key);
        // Through PKCS#12: TLS on some platforms cannot use a certificate whose key is only in memory.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose() => _key.Dispose();
}
