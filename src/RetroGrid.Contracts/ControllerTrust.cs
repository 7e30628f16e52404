using System.Security.Cryptography.X509Certificates;

namespace RetroGrid.Contracts;

/// <summary>
/// The one trust rule between controller, agents and rgctl: a certificate is trusted when it chains to the
/// controller's own CA, and only then (the system's roots play no part; revocation is the controller's catalog).
/// </summary>
public static class ControllerTrust
{
    public static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(ca);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
