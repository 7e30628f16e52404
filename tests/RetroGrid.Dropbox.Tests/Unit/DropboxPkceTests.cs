namespace RetroGrid.Dropbox.Tests;

public class DropboxPkceTests
{
    [Fact]
    public void ComputeS256Challenge_Rfc7636AppendixB_MatchesRfc()
    {
        // RFC 7636 Appendix B: the verifier is base64url of the octets listed there; its S256 challenge follows.
        var octets = new byte[] { 116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121 };
        var verifier = Convert.ToBase64String(octets).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Equal("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", verifier);
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", DropboxPkce.ComputeS256Challenge(verifier));
    }

    [Fact]
    public void CreateCodeVerifier_Default_128CharsFromRfcAlphabet()
    {
        var verifier = DropboxPkce.CreateCodeVerifier();

        Assert.Equal(128, verifier.Length);
        Assert.All(verifier, c => Assert.Contains(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"));
        Assert.NotEqual(verifier, DropboxPkce.CreateCodeVerifier());
    }

    [Theory]
    [InlineData(42)]
    [InlineData(129)]
    public void CreateCodeVerifier_LengthOutsideRfcRange_Throws(int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DropboxPkce.CreateCodeVerifier(length));

    [Fact]
    public void CreateCodeVerifier_MinimumLength_43Chars() => Assert.Equal(43, DropboxPkce.CreateCodeVerifier(43).Length);

    [Fact]
    public void ComputeS256Challenge_AnyVerifier_Base64UrlWithoutPadding()
    {
        var challenge = DropboxPkce.ComputeS256Challenge(DropboxPkce.CreateCodeVerifier());

        Assert.Equal(43, challenge.Length);
        Assert.DoesNotContain('=', challenge);
        Assert.DoesNotContain('+', challenge);
        Assert.DoesNotContain('/', challenge);
    }

    [Fact]
    public void CreateState_TwoCalls_DifferentUrlSafeValues()
    {
        var a = DropboxPkce.CreateState();
        var b = DropboxPkce.CreateState();

        Assert.NotEqual(a, b);
        Assert.Equal(43, a.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", a);
    }
}
