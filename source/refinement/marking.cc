#include <deal.II/base/mpi.h>

#include <fluxion/refinement/marking.h>

#include <algorithm>
#include <limits>

namespace Fluxion
{
  namespace
  {
    // Global number of owned cells with an indicator above (or below) t.
    template <int dim>
    unsigned long long
    count_cells(const Triangulation<dim> &triangulation,
                const Vector<float>      &indicators,
                const double              t,
                const bool                above,
                const MPI_Comm            comm)
    {
      unsigned long long n = 0;
      for (const auto &cell : triangulation.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            const double v = indicators[cell->active_cell_index()];
            n += above ? (v > t) : (v < t);
          }
      return Utilities::MPI::sum(n, comm);
    }

    // Bisection between the global extremes for a threshold t whose count
    // of cells above it (refining) or below it (coarsening) is closest to
    // `target`. On a tie, refining takes more cells, so that cells with
    // equal indicators are refined together, and coarsening takes fewer.
    // Every rank takes the same steps because only global quantities enter.
    template <int dim>
    double
    find_threshold(const Triangulation<dim> &triangulation,
                   const Vector<float>      &indicators,
                   const unsigned long long  target,
                   const bool                above,
                   const double              vmin,
                   const double              vmax,
                   const MPI_Comm            comm)
    {
      double       lo = vmin, hi = vmax;
      double       best_t = above ? vmax : vmin;
      long long    best_n = 0;
      const double width  = 1e-7 * (std::abs(vmax) + std::abs(vmin));
      const auto   better = [&](const long long n) {
        const long long d = std::llabs(n - static_cast<long long>(target));
        const long long db =
          std::llabs(best_n - static_cast<long long>(target));
        return d < db || (d == db && (above ? n > best_n : n < best_n));
      };
      for (unsigned int it = 0; it < 64 && hi - lo > width; ++it)
        {
          const double    t = 0.5 * (lo + hi);
          const long long n =
            count_cells(triangulation, indicators, t, above, comm);
          if (better(n))
            {
              best_t = t;
              best_n = n;
            }
          if (n == static_cast<long long>(target))
            break;
          // Too many cells above t: raise t. Too many below: lower it.
          if ((n > static_cast<long long>(target)) == above)
            lo = t;
          else
            hi = t;
        }
      return best_t;
    }
  } // namespace

  template <int dim>
  void
  mark_fixed_fraction_of_cells(Triangulation<dim>  &triangulation,
                               const Vector<float> &indicators,
                               const double         refine_fraction,
                               const double         coarsen_fraction,
                               const MPI_Comm       comm)
  {
    double             vmin = std::numeric_limits<double>::max();
    double             vmax = -vmin;
    unsigned long long n    = 0;
    for (const auto &cell : triangulation.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const double v = indicators[cell->active_cell_index()];
          vmin           = std::min(vmin, v);
          vmax           = std::max(vmax, v);
          ++n;
        }
    vmin = Utilities::MPI::min(vmin, comm);
    vmax = Utilities::MPI::max(vmax, comm);
    n    = Utilities::MPI::sum(n, comm);
    if (n == 0 || !(vmax > vmin))
      return;

    const auto n_refine = static_cast<unsigned long long>(refine_fraction * n);
    const auto n_coarsen =
      static_cast<unsigned long long>(coarsen_fraction * n);
    const double refine_threshold =
      n_refine == 0 ?
        vmax :
        find_threshold(
          triangulation, indicators, n_refine, true, vmin, vmax, comm);
    const double coarsen_threshold =
      n_coarsen == 0 ? vmin :
                       find_threshold(triangulation,
                                      indicators,
                                      n_coarsen,
                                      false,
                                      vmin,
                                      std::min(refine_threshold, vmax),
                                      comm);

    for (const auto &cell : triangulation.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const double v = indicators[cell->active_cell_index()];
          if (n_refine > 0 && v > refine_threshold)
            cell->set_refine_flag();
          else if (n_coarsen > 0 && v < coarsen_threshold)
            cell->set_coarsen_flag();
        }
  }

  template void
  mark_fixed_fraction_of_cells<1>(Triangulation<1> &,
                                  const Vector<float> &,
                                  double,
                                  double,
                                  MPI_Comm);
  template void
  mark_fixed_fraction_of_cells<2>(Triangulation<2> &,
                                  const Vector<float> &,
                                  double,
                                  double,
                                  MPI_Comm);
  template void
  mark_fixed_fraction_of_cells<3>(Triangulation<3> &,
                                  const Vector<float> &,
                                  double,
                                  double,
                                  MPI_Comm);
} // namespace Fluxion
