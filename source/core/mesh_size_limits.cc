#include <deal.II/base/exceptions.h>
#include <deal.II/base/mpi.h>

#include <fluxion/core/mesh_size_limits.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>
#include <string>

namespace Fluxion
{
  namespace
  {
    // MemTotal of /proc/meminfo in bytes (0 if it cannot be read).
    double
    memory_of_this_machine()
    {
      std::ifstream in("/proc/meminfo");
      std::string   key, unit;
      double        kb = 0;
      while (in >> key >> kb >> unit)
        if (key == "MemTotal:")
          return kb * 1024.0;
      return 0;
    }

    std::string
    gigabytes(const double bytes)
    {
      std::ostringstream s;
      s << std::setprecision(3) << bytes / 1073741824.0 << " GB";
      return s.str();
    }

    std::string
    count(const double n)
    {
      // Exact below 1e15, else in the form 1.84e+19.
      if (n < 1e15)
        return std::to_string(static_cast<unsigned long long>(n));
      std::ostringstream s;
      s << std::setprecision(3) << n;
      return s.str();
    }
  } // namespace

  double
  total_memory_in_bytes(const MPI_Comm communicator)
  {
    // One rank per machine (shared-memory group) adds its machine.
    MPI_Comm node;
    MPI_Comm_split_type(
      communicator, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    const bool first_on_node = Utilities::MPI::this_mpi_process(node) == 0;
    MPI_Comm_free(&node);
    return Utilities::MPI::sum(first_on_node ? memory_of_this_machine() : 0.0,
                               communicator);
  }

  double
  estimated_bytes_per_cell(const unsigned int dim, const unsigned int degree)
  {
    // Measured: a steady Q1 diffusion run on 262144 cells, one rank, took
    // 1.1 kB per cell in 2D and 1.9 kB in 3D above the empty program. A
    // lower estimate (0.7 and 1.7 kB for Q1): the mesh, and per DoF its
    // rows in the matrices ((2p+1)^dim entries of 12 bytes, three
    // matrices) and its vectors.
    const double mesh_bytes   = dim == 1 ? 150 : dim == 2 ? 300 : 600;
    const double dofs         = std::pow(degree, dim);
    const double row_entries  = std::pow(2 * degree + 1, dim);
    const double bytes_of_dof = 3 * 12 * row_entries + 100;
    return mesh_bytes + dofs * bytes_of_dof;
  }

  unsigned long long
  maximum_number_of_cells(const unsigned long long requested,
                          const unsigned int       dim,
                          const unsigned int       degree,
                          const MPI_Comm           communicator)
  {
    if (requested > 0)
      return requested;
    const double memory = total_memory_in_bytes(communicator);
    // Without /proc/meminfo, no automatic limit.
    if (!(memory > 0))
      return std::numeric_limits<unsigned long long>::max();
    return static_cast<unsigned long long>(
      memory / estimated_bytes_per_cell(dim, degree));
  }

  void
  check_initial_mesh_size(const unsigned long long coarse_cells,
                          const unsigned int       dim,
                          const unsigned int       degree,
                          const unsigned int       levels,
                          const unsigned long long max_cells,
                          const bool               max_cells_automatic,
                          const MPI_Comm           communicator)
  {
    // In doubles: 2^(dim levels) overflows any integer long before.
    const double cells = coarse_cells * std::pow(2.0, dim * levels);
    if (cells <= static_cast<double>(max_cells))
      return;
    const double      bytes = cells * estimated_bytes_per_cell(dim, degree);
    const std::string what =
      "Parameter <Mesh refinement/Initial global refinement> = " +
      std::to_string(levels) + ": the mesh would have about " + count(cells) +
      " cells (" + std::to_string(coarse_cells) + " coarse cells x 2^(" +
      std::to_string(dim) + " x " + std::to_string(levels) +
      ")) and need at least about " + gigabytes(bytes);
    const std::string limit =
      max_cells_automatic ?
        ", more than the " + gigabytes(total_memory_in_bytes(communicator)) +
          " of memory of the machine(s) of this run (" +
          count(static_cast<double>(max_cells)) +
          " cells at most; see <Mesh refinement/Maximum cells>)." :
        ", more than <Mesh refinement/Maximum cells> = " +
          std::to_string(max_cells) + ".";
    AssertThrow(false, ExcMessage(what + limit));
  }

  double
  limited_refine_fraction(const unsigned long long n_cells,
                          const unsigned long long max_cells,
                          const unsigned int       dim,
                          const double             refine_fraction)
  {
    // Each refined cell adds 2^dim - 1 cells (coarsening is not counted).
    const double added = (std::pow(2.0, dim) - 1) * refine_fraction * n_cells;
    if (n_cells + added <= static_cast<double>(max_cells) || n_cells == 0)
      return refine_fraction;
    if (n_cells >= max_cells)
      return 0;
    return static_cast<double>(max_cells - n_cells) /
           ((std::pow(2.0, dim) - 1) * n_cells);
  }
} // namespace Fluxion
