package dev.ratchet.tracking.experiment;

import dev.ratchet.common.grpc.ApiException;
import dev.ratchet.contract.events.Times;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creating and finding experiments. */
@ApplicationScoped
public class Experiments {

    @Transactional
    public Experiment create(String name) {
        if (Experiment.findByName(name).isPresent()) {
            throw ApiException.alreadyExists("an experiment named '" + name + "' exists; choose another name");
        }
        return insert(name);
    }

    @Transactional
    public Experiment get(UUID id) {
        return Experiment.<Experiment>findByIdOptional(id)
                .orElseThrow(() -> ApiException.notFound("no experiment with id " + id));
    }

    @Transactional
    public List<Experiment> list(boolean includeArchived) {
        return includeArchived ? Experiment.list("order by name") : Experiment.list("archived = false order by name");
    }

    /** Each experiment's number of runs that are not deleted, by experiment id; one grouped query. */
    @Transactional
    public Map<UUID, Long> runCounts() {
        Map<UUID, Long> counts = new HashMap<>();
        Experiment.getEntityManager()
                .createQuery(
                        "select r.experiment.id, count(r) from Run r where r.experiment is not null"
                                + " and r.deleted = false group by r.experiment.id",
                        Object[].class)
                .getResultList()
                .forEach(row -> counts.put((UUID) row[0], (Long) row[1]));
        return counts;
    }

    @Transactional
    public Experiment rename(UUID id, String newName) {
        Experiment experiment = get(id);
        if (experiment.name.equals(newName)) {
            return experiment;
        }
        if (Experiment.findByName(newName).isPresent()) {
            throw ApiException.alreadyExists("an experiment named '" + newName + "' exists; choose another name");
        }
        experiment.name = newName;
        return experiment;
    }

    @Transactional
    public Experiment archive(UUID id, boolean archived) {
        Experiment experiment = get(id);
        experiment.archived = archived;
        return experiment;
    }

    /** The experiment of that name, created when it does not exist (runs started by events name theirs). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Experiment getOrCreate(String name) {
        return Experiment.findByName(name).orElseGet(() -> insert(name));
    }

    private static Experiment insert(String name) {
        Experiment experiment = new Experiment();
        experiment.id = UUID.randomUUID();
        experiment.name = name;
        experiment.createdAt = Times.now();
        experiment.persist();
        return experiment;
    }
}
