using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Grpc.Core.Interceptors;
using RetroGrid.Contracts.V1;
using RetroGrid.Dropbox;
using RetroGrid.Dropbox.Emulator;

namespace RetroGrid.Benchmarks.ControllerLoad;

/// <summary>
/// `controller-load`: one controller process (SQLite) and, in this process, the Dropbox emulator and thousands of
/// simulated agents over real gRPC on loopback. Measures enrollment, how many Connect streams it holds and at what
/// memory, token grants per second, pack commits per second (and how few finish_batch_v2 calls they take), and dedup
/// ids answered per second with millions of ids indexed. Not a BenchmarkDotNet benchmark: one run, printed as a table.
/// </summary>
internal static partial class ControllerLoadRun
{
    /// <summary>Blobs per pack when filling the dedup index: about 2.3 MB per CommitPack request, under gRPC's 4 MB default.</summary>
    private const int BlobsPerFillPack = 50_000;

    /// <summary>A pack's header: magic and version (docs/format.md).</summary>
    private const int PackHeaderSize = 6;

    /// <summary>A sealed blob of empty plaintext: nonce and tag only (the smallest entry a pack can hold).</summary>
    private const int EmptyBlobLength = 28;

    public static async Task<int> RunAsync(string[] args)
    {
        var agents = Option(args, "--agents", 2000);
        var workers = Option(args, "--workers", 32);
        var ids = Option(args, "--ids", 10_000_000);
        var seconds = Option(args, "--seconds", 10);
        var packs = Option(args, "--packs", 1000);
        using var work = new TempWorkDirectory();
        var results = new List<(string Measure, string Value)>();

        var emulatorOptions = new EmulatorOptions { AutoApprove = true, DataDir = Path.Join(work.Path, "dropbox") };
        await using var emulator = await DropboxEmulatorHost.StartAsync(emulatorOptions, CancellationToken.None);
        using var controller = await ControllerProcess.StartAsync(Path.Join(work.Path, "controller"), emulator.BaseAddress, emulatorOptions.AppKey);
        using var ca = X509Certificate2.CreateFromPem(controller.CaCertificatePem);
        using var adminChannel = SimulatedAgent.Channel(controller.BaseAddress, ca, clientCertificate: null);
        var credential = controller.AdminCredential;
        var admin = new AdminService.AdminServiceClient(adminChannel.CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {credential}");
            return metadata;
        }));
        var setId = await CreateLinkedSetAsync(admin);
        results.Add(("controller RSS at start", Mib(controller.ResidentBytes())));

        // Enrollment: a one-time token each, a key pair and CSR made here, a certificate signed by the controller's CA.
        var clock = Stopwatch.StartNew();
        var enrollment = new AgentService.AgentServiceClient(adminChannel);
        var fleet = await ForEachAsync(Enumerable.Range(0, agents), workers, async n =>
        {
            var token = await admin.CreateEnrollmentTokenAsync(new CreateEnrollmentTokenRequest());
            return await SimulatedAgent.EnrollAsync(enrollment, token.Token, ca, controller.BaseAddress, n);
        });
        results.Add(("enrollments/s (token + CSR + certificate)", Rate(agents, clock.Elapsed)));

        try
        {
            // Connect: every agent its own TLS connection with its client certificate, its stream held open.
            using var stop = new CancellationTokenSource();
            clock.Restart();
            await ForEachAsync(fleet, workers, async agent =>
            {
                await agent.ConnectAsync(stop.Token);
                return agent;
            });
            var status = await admin.GetStatusAsync(new GetStatusRequest());
            results.Add(($"Connect streams open (of {agents})", status.AgentsOnline.ToString(CultureInfo.InvariantCulture)));
            results.Add(("time to connect them all", $"{clock.Elapsed.TotalSeconds:F1} s"));
            results.Add(("controller RSS with every stream open", Mib(controller.ResidentBytes())));

            // Running backup jobs for a few agents: tokens, dedup answers and commits are only for running jobs.
            var busy = fleet.Take(workers).ToList();
            foreach (var agent in busy)
            {
                await admin.AssignAgentAsync(new AssignAgentRequest { Set = setId, Assignment = new Assignment { AgentId = agent.Id, Paths = { "/home" } } });
                await admin.StartBackupAsync(new StartBackupRequest { Set = setId, AgentId = agent.Id });
            }

            var jobs = new Dictionary<SimulatedAgent, string>();
            foreach (var agent in busy)
            {
                jobs[agent] = (await agent.FirstJob.Task.WaitAsync(TimeSpan.FromSeconds(60))).JobId;
            }

            var grants = await ForDurationAsync(busy, TimeSpan.FromSeconds(seconds), async agent =>
            {
                await agent.Client.GetAccessTokenAsync(new GetAccessTokenRequest { SetId = setId, JobId = jobs[agent], Purpose = TokenPurpose.Backup });
                return 1;
            });
            results.Add(($"token grants/s ({busy.Count} agents asking, each grant audited)", Rate(grants, TimeSpan.FromSeconds(seconds))));

            var token = (await busy[0].Client.GetAccessTokenAsync(new GetAccessTokenRequest { SetId = setId, JobId = jobs[busy[0]], Purpose = TokenPurpose.Backup })).AccessToken;
            using var http = new HttpClient();
            var dropbox = new DropboxClient(http, new StaticDropboxTokenSource(token), new DropboxClientOptions { ApiBaseAddress = emulator.BaseAddress, ContentBaseAddress = emulator.BaseAddress });

            // Commits: small packs uploaded first, then handed over by every busy agent at once.
            var small = await ForEachAsync(Enumerable.Range(0, packs), workers, n => UploadPackAsync(dropbox, setId, jobs[busy[n % busy.Count]], seed: n, blobs: 1));
            await ResetCountersAsync(http, emulator.BaseAddress);
            clock.Restart();
            await ForEachAsync(Enumerable.Range(0, packs), workers, async n => await busy[n % busy.Count].Client.CommitPackAsync(small[n]));
            var commitTime = clock.Elapsed;
            var calls = await CounterAsync(http, emulator.BaseAddress, "files/upload_session/finish_batch_v2");
            results.Add(($"packs committed/s ({packs} packs from {busy.Count} agents)", Rate(packs, commitTime)));
            results.Add(("finish_batch_v2 calls for them", calls.ToString(CultureInfo.InvariantCulture)));

            // Dedup: fill the set's index with packs of many empty blobs, then ask about ids it holds.
            var fillPacks = (ids + BlobsPerFillPack - 1) / BlobsPerFillPack;
            clock.Restart();
            await ForEachAsync(Enumerable.Range(0, fillPacks), Math.Min(workers, 8), async n =>
            {
                var request = await UploadPackAsync(dropbox, setId, jobs[busy[n % busy.Count]], seed: 1_000_000 + n, blobs: BlobsPerFillPack);
                return await busy[n % busy.Count].Client.CommitPackAsync(request);
            });
            results.Add(($"time to index {fillPacks * BlobsPerFillPack:N0} ids (upload + commit)", $"{clock.Elapsed.TotalSeconds:F1} s"));
            var questions = Enumerable.Range(0, 16).Select(n => Question(setId, seed: 1_000_000 + (n % fillPacks))).ToList();
            var answered = await ForDurationAsync(busy, TimeSpan.FromSeconds(seconds), async agent =>
            {
                var question = questions[Random.Shared.Next(questions.Count)].Clone();
                question.JobId = jobs[agent];
                var answer = await agent.Client.FindMissingBlobsAsync(question);
                return answer.MissingIndexes.Count == 0 ? question.BlobIds.Count : throw new InvalidOperationException("Held ids were reported missing.");
            });
            results.Add(($"dedup ids answered/s (batches of 10,000, {busy.Count} agents)", Rate(answered, TimeSpan.FromSeconds(seconds))));
            results.Add(("controller RSS now / peak", $"{Mib(controller.ResidentBytes())} / {Mib(controller.ResidentBytes(peak: true))}"));
            await stop.CancelAsync();
        }
        finally
        {
            foreach (var agent in fleet)
            {
                agent.Dispose();
            }
        }

        Console.WriteLine($"| measure ({agents} agents, {Environment.ProcessorCount} cores) | value |");
        Console.WriteLine("| --- | ---: |");
        foreach (var (measure, value) in results)
        {
            Console.WriteLine($"| {measure} | {value} |");
        }

        return 0;
    }

    /// <summary>Bytes laid out as a pack of <paramref name="blobs"/> empty blobs (distinct per seed), uploaded into a closed session.</summary>
    private static async Task<CommitPackRequest> UploadPackAsync(DropboxClient dropbox, string setId, string jobId, int seed, int blobs)
    {
        var bytes = new byte[PackHeaderSize + (blobs * EmptyBlobLength) + 8];
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 8), (long)seed);
        var session = await dropbox.StartUploadSessionAsync(CancellationToken.None);
        await session.CloseAsync(bytes, CancellationToken.None);
        var request = new CommitPackRequest
        {
            SetId = setId,
            JobId = jobId,
            PackName = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            UploadSessionId = session.SessionId,
            Length = bytes.Length,
            ContentHash = session.ContentHash ?? string.Empty,
            Kind = StoredObjectKind.Pack,
        };
        var idBytes = Ids(seed, blobs);
        for (var i = 0; i < blobs; i++)
        {
            request.Entries.Add(new PackEntry
            {
                BlobId = Google.Protobuf.ByteString.CopyFrom(idBytes, i * 32, 32),
                Type = BlobType.Data,
                Offset = PackHeaderSize + ((long)i * EmptyBlobLength),
                Length = EmptyBlobLength,
            });
        }

        return request;
    }

    /// <summary>10,000 ids of the fill pack made with <paramref name="seed"/>: all held by the set.</summary>
    private static FindMissingBlobsRequest Question(string setId, int seed)
    {
        var idBytes = Ids(seed, BlobsPerFillPack);
        var question = new FindMissingBlobsRequest { SetId = setId };
        for (var i = 0; i < 10_000; i++)
        {
            question.BlobIds.Add(Google.Protobuf.ByteString.CopyFrom(idBytes, i * 5 * 32, 32));
        }

        return question;
    }

    private static byte[] Ids(int seed, int count)
    {
        var bytes = new byte[count * 32];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<string> CreateLinkedSetAsync(AdminService.AdminServiceClient admin)
    {
        var set = await admin.CreateSetAsync(new CreateSetRequest { Name = "load", RecoveryPassphrase = "load benchmark passphrase" });
        var begun = await admin.BeginLinkAsync(new BeginLinkRequest { Set = set.Id });
        using var browser = new HttpClient();
        var page = await browser.GetStringAsync(begun.AuthorizeUrl);
        await admin.CompleteLinkAsync(new CompleteLinkRequest { State = begun.State, Code = WebUtility.HtmlDecode(ShownCode().Match(page).Groups[1].Value) });
        return set.Id;
    }

    /// <summary>Runs <paramref name="action"/> on every item, <paramref name="workers"/> at a time; results in input order.</summary>
    private static async Task<T[]> ForEachAsync<TItem, T>(IEnumerable<TItem> items, int workers, Func<TItem, Task<T>> action)
    {
        var list = items.ToList();
        var results = new T[list.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), new ParallelOptions { MaxDegreeOfParallelism = workers }, async (i, _) => results[i] = await action(list[i]));
        return results;
    }

    /// <summary>Every agent calls <paramref name="call"/> in a loop for <paramref name="duration"/>; the sum of what the calls return.</summary>
    private static async Task<long> ForDurationAsync(IReadOnlyList<SimulatedAgent> agents, TimeSpan duration, Func<SimulatedAgent, Task<int>> call)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = await Task.WhenAll(agents.Select(async agent =>
        {
            long count = 0;
            while (Stopwatch.GetTimestamp() < end)
            {
                count += await call(agent);
            }

            return count;
        }));
        return counts.Sum();
    }

    private static async Task ResetCountersAsync(HttpClient http, Uri emulator) =>
        (await http.PostAsync(new Uri(emulator, "__emulator/counters/reset"), null)).EnsureSuccessStatusCode();

    private static async Task<long> CounterAsync(HttpClient http, Uri emulator, string route) =>
        (await http.GetFromJsonAsync<Dictionary<string, long>>(new Uri(emulator, "__emulator/counters")))?.GetValueOrDefault(route) ?? 0;

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Rate(long count, TimeSpan elapsed) => (count / elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture);

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):F0} MiB";

    [GeneratedRegex("<code id=\"auth-code\">([^<]+)</code>")]
    private static partial Regex ShownCode();

    /// <summary>A scratch directory for the emulator's and the controller's data, removed afterwards.</summary>
    private sealed class TempWorkDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("retrogrid-load-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
