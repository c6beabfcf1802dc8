package io.datasurface.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A whole loaded model. Immutable. Lookups by name return the first object of that name (duplicates
 * are a lint error). {@code ecosystem} is null when the model has no Ecosystem document.
 */
public final class Model {
    /** Name of the file at the model root that assigns dataset groups to platforms. */
    public static final String MAPPING_FILE = "dsg_platform_mapping.json";

    private final Ecosystem ecosystem;
    private final List<GovernanceZone> zones;
    private final List<Datastore> datastores;
    private final List<Workspace> workspaces;
    private final List<DsgMapping> mappings;

    private final Map<String, GovernanceZone> zonesByName;
    private final Map<String, Datastore> datastoresByName;
    private final Map<String, Workspace> workspacesByName;
    private final Map<String, PlatformDef> platformsByName;
    private final Map<String, ContainerDef> containersByName;
    private final Map<String, CredentialDef> credentialsByName;
    private final Map<String, ZoneDeclaration> zoneDeclarations;
    private final Map<String, TeamDeclaration> teamDeclarations;
    private final Map<String, String> zoneOfTeam;

    public Model(Ecosystem ecosystem, List<GovernanceZone> zones, List<Datastore> datastores,
                 List<Workspace> workspaces, List<DsgMapping> mappings) {
        this.ecosystem = ecosystem;
        this.zones = List.copyOf(zones);
        this.datastores = List.copyOf(datastores);
        this.workspaces = List.copyOf(workspaces);
        this.mappings = List.copyOf(mappings);
        this.zonesByName = index(this.zones, GovernanceZone::name);
        this.datastoresByName = index(this.datastores, Datastore::name);
        this.workspacesByName = index(this.workspaces, Workspace::name);
        this.platformsByName = ecosystem == null ? Map.of() : index(ecosystem.platforms(), PlatformDef::name);
        this.containersByName = ecosystem == null ? Map.of() : index(ecosystem.containers(), ContainerDef::name);
        this.credentialsByName = ecosystem == null ? Map.of() : index(ecosystem.credentials(), CredentialDef::name);
        this.zoneDeclarations = ecosystem == null ? Map.of() : index(ecosystem.zones(), ZoneDeclaration::name);
        Map<String, TeamDeclaration> teams = new LinkedHashMap<>();
        Map<String, String> zoneOf = new LinkedHashMap<>();
        for (GovernanceZone zone : this.zones) {
            for (TeamDeclaration team : zone.teams()) {
                if (teams.putIfAbsent(team.name(), team) == null) {
                    zoneOf.put(team.name(), zone.name());
                }
            }
        }
        this.teamDeclarations = teams;
        this.zoneOfTeam = zoneOf;
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            String k = key.apply(item);
            if (k != null) {
                map.putIfAbsent(k, item);
            }
        }
        return map;
    }

    public Optional<Ecosystem> ecosystem() {
        return Optional.ofNullable(ecosystem);
    }

    public List<GovernanceZone> zones() {
        return zones;
    }

    public List<Datastore> datastores() {
        return datastores;
    }

    public List<Workspace> workspaces() {
        return workspaces;
    }

    public List<DsgMapping> mappings() {
        return mappings;
    }

    public List<PlatformDef> platforms() {
        return ecosystem == null ? List.of() : ecosystem.platforms();
    }

    public Optional<GovernanceZone> zone(String name) {
        return Optional.ofNullable(zonesByName.get(name));
    }

    public Optional<ZoneDeclaration> zoneDeclaration(String name) {
        return Optional.ofNullable(zoneDeclarations.get(name));
    }

    public Optional<TeamDeclaration> teamDeclaration(String name) {
        return Optional.ofNullable(teamDeclarations.get(name));
    }

    /** The zone that declares the team, if any. */
    public Optional<String> zoneOfTeam(String team) {
        return Optional.ofNullable(zoneOfTeam.get(team));
    }

    public Optional<Datastore> datastore(String name) {
        return Optional.ofNullable(datastoresByName.get(name));
    }

    public Optional<Dataset> dataset(String store, String dataset) {
        return datastore(store).flatMap(s -> s.dataset(dataset));
    }

    public Optional<Workspace> workspace(String name) {
        return Optional.ofNullable(workspacesByName.get(name));
    }

    public Optional<PlatformDef> platform(String name) {
        return Optional.ofNullable(platformsByName.get(name));
    }

    public Optional<ContainerDef> container(String name) {
        return Optional.ofNullable(containersByName.get(name));
    }

    /** The ecosystem's declaration of a credential, by its name as written. */
    public Optional<CredentialDef> credential(String name) {
        return Optional.ofNullable(credentialsByName.get(name));
    }

    /** The source container of a datastore, resolving a reference to an ecosystem container. */
    public Optional<ContainerDef> sourceOf(Datastore store) {
        if (store.capture() == null || store.capture().source() == null) {
            return Optional.empty();
        }
        ContainerDef source = store.capture().source();
        if (source.kind() != null) {
            return Optional.of(source);
        }
        return container(source.name());
    }

    /** Every repository the model names as an owner: the ecosystem's, its zones' and their teams'. */
    public Set<String> knownRepos() {
        Set<String> repos = new TreeSet<>();
        if (ecosystem != null && ecosystem.repo() != null) {
            repos.add(ecosystem.repo());
        }
        zoneDeclarations.values().stream().map(ZoneDeclaration::repo).filter(Objects::nonNull).forEach(repos::add);
        teamDeclarations.values().stream().map(TeamDeclaration::repo).filter(Objects::nonNull).forEach(repos::add);
        return repos;
    }
}
