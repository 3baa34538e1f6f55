#ifndef fluxion_core_checkpoint_h
#define fluxion_core_checkpoint_h

#include <deal.II/base/mpi.h>
#include <deal.II/grid/tria.h>

#include <string>

namespace Fluxion
{
  using namespace dealii;

  /**
   * The checkpoint folders of an output folder and their integrity.
   *
   * A checkpoint is a folder, `checkpoint-a` or `checkpoint-b` (used in
   * turn, so that the newest good one is never overwritten), that holds the
   * mesh, the state vectors and `meta.txt`. The last file written into it is
   * `checksums.txt`: the size and CRC-32 of every other file of the folder,
   * and a CRC-32 of its own lines. Only then is `checkpoint.last`, which
   * names the newest folder, renamed into place. A folder is read only after
   * all its files match their checksums, so that a corrupted or incomplete
   * checkpoint is found before anything is deserialised from it; the other
   * folder is then used instead.
   */
  namespace Checkpoint
  {
    /**
     * The name of checkpoint folder number @p count (counting from 0):
     * `checkpoint-a` for even, `checkpoint-b` for odd numbers.
     */
    std::string
    slot_name(const unsigned int count);

    /**
     * Empty the folder @p output_directory/@p slot (create it if needed)
     * before a checkpoint is written into it: from now on it is incomplete.
     * With @p discard_others (the first checkpoint of a run that did not
     * resume), also remove the other folder and `checkpoint.last`, so that
     * no checkpoint of an earlier run in the same output folder is ever
     * resumed from. The @p writer rank does the work; collective over
     * @p communicator.
     */
    void
    begin(const std::string &output_directory,
          const std::string &slot,
          const bool         discard_others,
          const bool         writer,
          const MPI_Comm     communicator);

    /**
     * After every file of the checkpoint in @p output_directory/@p slot is
     * complete on every rank: write its checksums, then name it the newest
     * checkpoint. The @p writer rank does the work; collective over
     * @p communicator.
     */
    void
    finish(const std::string &output_directory,
           const std::string &slot,
           const bool         writer,
           const MPI_Comm     communicator);

    /**
     * What is wrong with the checkpoint folder @p dir: an empty string if
     * every file matches its checksum, else what completes "checkpoint
     * <dir> is ...", for example "corrupted: state.txt checksum mismatch",
     * "incomplete: no checksums.txt" or "missing". Reads the files on the
     * calling rank.
     */
    std::string
    find_problem(const std::string &dir);

    /**
     * The checkpoint folder to resume from: the newest one if it is intact,
     * else the other one (saying so on the screen of the @p writer rank), or
     * an empty string if @p output_directory has no checkpoint. Throws a
     * CollectiveError naming both folders if neither is intact. Rank 0 of
     * @p communicator checks the files; collective.
     */
    std::string
    choose_folder(const std::string &output_directory,
                  const bool         writer,
                  const MPI_Comm     communicator);

    /**
     * Attach to @p mesh every manifold of @p coarse_mesh, a new coarse mesh
     * of the same geometry. Triangulation::load() (the boost archive of a
     * serial mesh) calls clear(), which removes the manifolds, and the
     * archive does not carry them. A TransfiniteInterpolationManifold only
     * works on the mesh it is attached to, so @p mesh gets one that asks
     * the manifold of @p coarse_mesh; @p coarse_mesh must therefore outlive
     * @p mesh.
     */
    template <int dim>
    void
    copy_manifolds(const Triangulation<dim> &coarse_mesh,
                   Triangulation<dim>       &mesh);
  } // namespace Checkpoint
} // namespace Fluxion

#endif
