using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Contracts.Tests;

/// <summary>The compiled contracts: the services agents and rgctl call, and the wire form of the messages that carry secrets.</summary>
public class ContractShapeTests
{
    [Fact]
    public void AgentService_HasTheMethodsAgentsCall()
    {
        var methods = AgentReflection.Descriptor.Services.Single(s => s.Name == "AgentService").Methods.Select(m => m.Name);

        Assert.Equal(["Enroll", "Connect", "OpenSet", "GetAccessToken", "FindMissingBlobs", "CommitPack", "ConfirmBlobs", "RequestBackup"], methods);
    }

    [Fact]
    public void Connect_IsOneBidirectionalStream()
    {
        var connect = AgentReflection.Descriptor.Services.Single().Methods.Single(m => m.Name == "Connect");

        Assert.True(connect.IsClientStreaming);
        Assert.True(connect.IsServerStreaming);
    }

    [Fact]
    public void AdminService_WatchJobStreamsJobs()
    {
        var watch = AdminReflection.Descriptor.Services.Single().Methods.Single(m => m.Name == "WatchJob");

        Assert.False(watch.IsClientStreaming);
        Assert.True(watch.IsServerStreaming);
        Assert.Equal(Job.Descriptor, watch.OutputType);
    }

    [Fact]
    public void StartJob_RoundTripsThroughTheWireFormat()
    {
        var message = new ControllerMessage
        {
            StartJob = new StartJob
            {
                JobId = "job-1",
                SetId = "set-1",
                Backup = new BackupJob { Paths = { "/home/ada" }, Excludes = { "*.tmp" }, Tags = { "nightly" } },
            },
        };

        var parsed = ControllerMessage.Parser.ParseFrom(message.ToByteArray());

        Assert.Equal(message, parsed);
        Assert.Equal(ControllerMessage.KindOneofCase.StartJob, parsed.KindCase);
        Assert.Equal(StartJob.KindOneofCase.Backup, parsed.StartJob.KindCase);
    }

    [Fact]
    public void GetAccessTokenResponse_KeepsExpiryAsATimestamp()
    {
        var expires = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        var response = new GetAccessTokenResponse { AccessToken = "sl.token", ExpiresAt = Timestamp.FromDateTimeOffset(expires), Scope = "files.content.read" };

        var parsed = GetAccessTokenResponse.Parser.ParseFrom(response.ToByteArray());

        Assert.Equal(expires, parsed.ExpiresAt.ToDateTimeOffset());
    }
}
