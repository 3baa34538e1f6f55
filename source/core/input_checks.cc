#include <deal.II/base/exceptions.h>
#include <deal.II/base/geometry_info.h>
#include <deal.II/base/mpi.h>

#include <fluxion/core/input_checks.h>
#include <fluxion/core/utilities.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace Fluxion
{
  namespace
  {
    // Above this, D dt / h^2 (the ratio of stiffness to mass entries) and
    // the products the solver forms from it leave the range of doubles.
    constexpr double max_diffusion_number = 1e100;

    std::string
    number(const double v)
    {
      // A NaN prints as "nan" whatever its sign bit.
      if (std::isnan(v))
        return "nan";
      std::ostringstream s;
      s << std::setprecision(6) << v;
      return s.str();
    }

    template <int dim>
    std::string
    point_text(const Point<dim> &p)
    {
      const char        *names[] = {"x", "y", "z"};
      std::ostringstream s;
      s << (dim > 1 ? "(" : "");
      for (unsigned int d = 0; d < dim; ++d)
        s << (d ? ", " : "") << names[d];
      s << (dim > 1 ? ") = (" : " = ");
      for (unsigned int d = 0; d < dim; ++d)
        s << (d ? ", " : "") << number(p[d]);
      s << (dim > 1 ? ")" : "");
      return s.str();
    }

    // Evaluates f; an exception becomes a NaN and its message.
    template <typename F>
    double
    evaluate(const F &f, std::string &error)
    {
      try
        {
          return f();
        }
      catch (const std::exception &e)
        {
          error = exception_message(e);
          return std::numeric_limits<double>::quiet_NaN();
        }
    }

    // The failure at the vertex that comes first in the order of the
    // coordinates, so that 1 and N ranks report the same one.
    template <int dim>
    class FirstFailure
    {
    public:
      bool
      wants(const Point<dim> &p) const
      {
        if (!found)
          return true;
        for (unsigned int d = 0; d < dim; ++d)
          if (p[d] != point[d])
            return p[d] < point[d];
        return false;
      }

      void
      offer(const Point<dim> &p, const std::string &text)
      {
        if (wants(p))
          {
            found   = true;
            point   = p;
            message = text;
          }
      }

      // Throws the first failure of all ranks on every rank.
      void
      throw_if_any(const MPI_Comm communicator) const
      {
        std::vector<double> mine(dim + 1, 0.0);
        mine[0] = found ? 1 : 0;
        for (unsigned int d = 0; d < dim; ++d)
          mine[d + 1] = point[d];
        const auto all    = Utilities::MPI::all_gather(communicator, mine);
        int        winner = -1;
        for (unsigned int r = 0; r < all.size(); ++r)
          if (all[r][0] == 1)
            {
              bool earlier = (winner < 0);
              for (unsigned int d = 0; d < dim && !earlier; ++d)
                if (all[r][d + 1] != all[winner][d + 1])
                  {
                    earlier = all[r][d + 1] < all[winner][d + 1];
                    break;
                  }
              if (earlier)
                winner = r;
            }
        if (winner < 0)
          return;
        std::vector<char> buffer(message.begin(), message.end());
        buffer = Utilities::MPI::broadcast(communicator, buffer, winner);
        throw CollectiveError(std::string(buffer.begin(), buffer.end()));
      }

    private:
      bool        found = false;
      Point<dim>  point;
      std::string message;
    };

    // The vertices of the locally owned cells, each once, and per vertex
    // the values of the data found so far.
    template <int dim>
    struct Vertices
    {
      explicit Vertices(const Triangulation<dim> &tria)
        : points(tria.get_vertices())
      {
        std::vector<bool> owned(tria.n_vertices(), false);
        std::map<types::boundary_id, std::vector<bool>> on;
        for (const auto &cell : tria.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              for (const unsigned int v : cell->vertex_indices())
                if (!owned[cell->vertex_index(v)])
                  {
                    owned[cell->vertex_index(v)] = true;
                    list.push_back(cell->vertex_index(v));
                  }
              for (const unsigned int f : cell->face_indices())
                if (cell->at_boundary(f))
                  {
                    const auto id   = cell->face(f)->boundary_id();
                    auto      &seen = on[id];
                    seen.resize(tria.n_vertices(), false);
                    for (unsigned int i = 0;
                         i < GeometryInfo<dim>::vertices_per_face;
                         ++i)
                      {
                        const unsigned int v = cell->vertex_index(
                          GeometryInfo<dim>::face_to_cell_vertices(f, i));
                        if (!seen[v])
                          {
                            seen[v] = true;
                            boundary[id].push_back(v);
                          }
                      }
                  }
            }
      }

      // The vertices of the owned faces on boundary @p id.
      const std::vector<unsigned int> &
      on_boundary(const types::boundary_id id) const
      {
        static const std::vector<unsigned int> none;
        const auto                             it = boundary.find(id);
        return it == boundary.end() ? none : it->second;
      }

      const std::vector<Point<dim>>                          &points;
      std::vector<unsigned int>                               list;
      std::map<types::boundary_id, std::vector<unsigned int>> boundary;
    };

    // The vertices of the faces of a cell on boundary @p id.
    template <int dim, typename Cell>
    std::vector<unsigned int>
    boundary_vertices(const Cell &cell, const types::boundary_id id)
    {
      std::vector<unsigned int> result;
      for (const unsigned int f : cell->face_indices())
        if (cell->at_boundary(f) && cell->face(f)->boundary_id() == id)
          for (unsigned int i = 0; i < GeometryInfo<dim>::vertices_per_face;
               ++i)
            result.push_back(cell->vertex_index(
              GeometryInfo<dim>::face_to_cell_vertices(f, i)));
      return result;
    }

    std::string
    not_finite_text(const double v, const std::string &error)
    {
      if (!error.empty())
        return "cannot be evaluated (" + error + ")";
      return "is not a finite number (" + number(v) + ")";
    }

    // Checks one field at every vertex (or once if it is uniform) and
    // returns its values per vertex.
    template <int dim>
    std::vector<double>
    check_field(const Vertices<dim>                     &vertices,
                const typename StartData<dim>::Field    &field,
                const double                             t0,
                const std::function<bool(unsigned int)> &positive_at,
                const MPI_Comm                           communicator)
    {
      std::vector<double> values(vertices.points.size(),
                                 std::numeric_limits<double>::quiet_NaN());
      // A physics without this datum.
      if (!field.value)
        {
          std::fill(values.begin(), values.end(), 0.0);
          return values;
        }
      FirstFailure<dim> failure;
      const auto        check = [&](const unsigned int v) {
        const Point<dim> &p = vertices.points[v];
        std::string       error;
        const double      value =
          evaluate([&]() { return field.value(p, t0); }, error);
        values[v] = value;
        const std::string where =
          (field.boundary_name.empty() ?
                    "" :
                    " on boundary <" + field.boundary_name + ">") +
          " at " + point_text(p) + ", t = " + number(t0) + " s";
        if (!std::isfinite(value))
          failure.offer(p,
                        "Parameter <" + field.parameter +
                          ">: " + field.quantity + " " +
                          not_finite_text(value, error) + where + ".");
        else if (positive_at && !(value > 0) && positive_at(v))
          failure.offer(p,
                        "Parameter <" + field.parameter + ">: " +
                          field.quantity + " is " + number(value) + where +
                          "; it must be positive where a diffusivity law "
                                 "depends on it.");
      };
      if (field.uniform)
        {
          // One value everywhere: no point to name.
          std::string  error;
          const double value =
            evaluate([&]() { return field.value(Point<dim>(), t0); }, error);
          std::fill(values.begin(), values.end(), value);
          const std::string where =
            field.boundary_name.empty() ?
              " (everywhere)" :
              " (on all of boundary <" + field.boundary_name + ">)";
          if (!std::isfinite(value))
            throw CollectiveError("Parameter <" + field.parameter +
                                  ">: " + field.quantity + " " +
                                  not_finite_text(value, error) + where + ".");
          for (const unsigned int v : vertices.list)
            if (positive_at && !(value > 0) && positive_at(v))
              failure.offer(vertices.points[v],
                            "Parameter <" + field.parameter +
                              ">: " + field.quantity + " is " + number(value) +
                              "; it must be positive where a diffusivity "
                              "law depends on it (as at " +
                              point_text(vertices.points[v]) + ").");
        }
      else if (field.boundary == numbers::invalid_boundary_id)
        for (const unsigned int v : vertices.list)
          check(v);
      else
        for (const unsigned int v : vertices.on_boundary(field.boundary))
          check(v);
      failure.throw_if_any(communicator);
      return values;
    }

    // The range [lo, hi] of the concentrations each region sees at the
    // start: initial values at its vertices and prescribed values on its
    // boundary faces, over all ranks.
    template <int dim>
    std::map<types::material_id, std::pair<double, double>>
    concentration_ranges(const Triangulation<dim>               &tria,
                         const StartData<dim>                   &data,
                         const std::vector<double>              &c0,
                         const std::vector<std::vector<double>> &prescribed,
                         const MPI_Comm                          communicator)
    {
      // Only the laws of c need a range.
      std::map<types::material_id, std::pair<double, double>> range;
      for (const auto &law : data.laws)
        if (law.law->depends_on_concentration())
          range[law.region] = {std::numeric_limits<double>::max(),
                               -std::numeric_limits<double>::max()};
      if (range.empty())
        return range;
      const auto include = [&](const types::material_id r, const double c) {
        auto it = range.find(r);
        if (it != range.end())
          {
            it->second.first  = std::min(it->second.first, c);
            it->second.second = std::max(it->second.second, c);
          }
      };
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->is_locally_owned())
          {
            for (const unsigned int v : cell->vertex_indices())
              include(cell->material_id(), c0[cell->vertex_index(v)]);
            unsigned int k = 0;
            for (const auto &field : data.fields)
              {
                if (field.is_concentration && cell->at_boundary())
                  for (const unsigned int v :
                       boundary_vertices<dim>(cell, field.boundary))
                    include(cell->material_id(), prescribed[k][v]);
                k += field.is_concentration ? 1 : 0;
              }
          }
      for (auto &r : range)
        {
          r.second.first  = Utilities::MPI::min(r.second.first, communicator);
          r.second.second = Utilities::MPI::max(r.second.second, communicator);
        }
      return range;
    }

    // Concentrations at which a law is evaluated at a vertex: its own
    // initial value, and for a law of c the ends of the range and three
    // points between.
    std::vector<double>
    samples(const bool                       of_c,
            const double                     c0,
            const std::pair<double, double> &range)
    {
      std::vector<double> c = {c0};
      if (of_c && range.first <= range.second)
        for (unsigned int k = 0; k <= 4; ++k)
          c.push_back(range.first + 0.25 * k * (range.second - range.first));
      return c;
    }

    // The smallest cells of a region: the shortest edge of their coarse
    // cell halved per level (cheap, also on large meshes).
    template <int dim>
    double
    smallest_cell_size(const Triangulation<dim> &tria,
                       const types::material_id  region,
                       const MPI_Comm            communicator)
    {
      std::vector<double> coarse(tria.n_cells(0));
      for (const auto &cell : tria.cell_iterators_on_level(0))
        coarse[cell->index()] = cell->minimum_vertex_distance();
      double h = std::numeric_limits<double>::max();
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->is_locally_owned() && cell->material_id() == region)
          {
            auto ancestor = typename Triangulation<dim>::cell_iterator(cell);
            while (ancestor->level() > 0)
              ancestor = ancestor->parent();
            h = std::min(h,
                         std::ldexp(coarse[ancestor->index()], -cell->level()));
          }
      return Utilities::MPI::min(h, communicator);
    }

    // Checks the law of one region at its vertices (once if it is
    // uniform); returns the largest D, and where it was found.
    template <int dim>
    std::pair<double, Point<dim>>
    check_law_values(const Triangulation<dim>           &tria,
                     const typename StartData<dim>::Law &law,
                     const std::vector<double>          &c0,
                     const std::vector<double>          &T,
                     const std::pair<double, double>    &range,
                     const double                        t0,
                     const MPI_Comm                      communicator)
    {
      const auto        &points  = tria.get_vertices();
      const bool         of_c    = law.law->depends_on_concentration();
      const bool         uniform = law.law->is_uniform();
      std::ostringstream range_text;
      range_text << "[" << number(range.first) << ", " << number(range.second)
                 << "]";
      const std::string head = "Parameter <" + law.parameter +
                               ">: the diffusivity law of region <" +
                               law.region_name + ">";
      const std::string seen =
        of_c ? " (the concentrations of the region at the start lie in " +
                 range_text.str() + ")" :
               "";
      std::pair<double, Point<dim>> largest{0, Point<dim>()};
      // The problem with D at (p, c, T), or an empty text.
      const auto problem = [&](const Point<dim>  &p,
                               const double       c,
                               const double       temperature,
                               const std::string &at) -> std::string {
        std::string      error;
        DiffusivityValue value{0, 0};
        evaluate(
          [&]() {
            value = law.law->evaluate(p, t0, c, temperature);
            return 0.0;
          },
          error);
        if (!error.empty())
          return head + " cannot be evaluated" + at + ": " + error;
        if (!(value.D > 0) || !std::isfinite(value.D))
          return head + " gives D = " + number(value.D) + at +
                 "; D must be a positive finite number" + seen + ".";
        if (!std::isfinite(value.dD_dc))
          return head + " gives dD/dc = " + number(value.dD_dc) + at +
                 "; it must be a finite number" + seen + ".";
        if (value.D > largest.first)
          largest = {value.D, p};
        return "";
      };

      if (uniform)
        {
          const std::string text = problem(Point<dim>(), 0, 300, "");
          AssertThrow(text.empty(), ExcMessage(text));
          return largest;
        }

      std::vector<bool> done(points.size(), false);
      FirstFailure<dim> failure;
      for (const auto &cell : tria.active_cell_iterators())
        if (cell->is_locally_owned() && cell->material_id() == law.region)
          for (const unsigned int i : cell->vertex_indices())
            {
              const unsigned int v = cell->vertex_index(i);
              const Point<dim>  &p = points[v];
              if (done[v] || !failure.wants(p))
                continue;
              done[v] = true;
              for (const double c : samples(of_c, c0[v], range))
                {
                  const std::string text =
                    problem(p,
                            c,
                            T[v],
                            " at " + point_text(p) + ", t = " + number(t0) +
                              " s, c = " + number(c) + ", T = " + number(T[v]) +
                              " K");
                  if (!text.empty())
                    {
                      failure.offer(p, text);
                      break;
                    }
                }
            }
      failure.throw_if_any(communicator);
      return largest;
    }

    // D so large that D dt / h^2 overflows in the solver.
    template <int dim>
    void
    check_law_size(const Triangulation<dim>            &tria,
                   const typename StartData<dim>::Law  &law,
                   const std::pair<double, Point<dim>> &largest,
                   const double                         dt,
                   const MPI_Comm                       communicator)
    {
      // The largest D over all ranks, and where it is.
      std::vector<double> mine = {largest.first};
      for (unsigned int d = 0; d < dim; ++d)
        mine.push_back(largest.second[d]);
      const auto all  = Utilities::MPI::all_gather(communicator, mine);
      auto       best = all[0];
      for (const auto &a : all)
        if (a[0] > best[0])
          best = a;
      if (!(best[0] * dt > 0))
        return;
      // Nothing to do if even the shortest coarse edge, halved on every
      // level of the mesh, is large enough (no loop over the cells).
      double coarse_h = std::numeric_limits<double>::max();
      for (const auto &cell : tria.cell_iterators_on_level(0))
        coarse_h = std::min(coarse_h, cell->minimum_vertex_distance());
      const double h_low =
        std::ldexp(coarse_h, -static_cast<int>(tria.n_global_levels() - 1));
      if (best[0] * dt / (h_low * h_low) <= max_diffusion_number)
        return;
      const double h     = smallest_cell_size(tria, law.region, communicator);
      const double ratio = best[0] * dt / (h * h);
      if (ratio <= max_diffusion_number)
        return;
      Point<dim> p;
      for (unsigned int d = 0; d < dim; ++d)
        p[d] = best[d + 1];
      throw CollectiveError(
        "Parameter <" + law.parameter + ">: the diffusivity law of region <" +
        law.region_name + "> gives D = " + number(best[0]) +
        (law.law->is_uniform() ? std::string() : " at " + point_text(p)) +
        ", so large that D dt / h^2 = " + number(ratio) + " (first step dt = " +
        number(dt) + " s, smallest cells h = " + number(h) + ") exceeds " +
        number(max_diffusion_number) +
        ", beyond which the solver's arithmetic overflows.");
    }
  } // namespace

  template <int dim>
  void
  check_start_data(const Triangulation<dim> &tria,
                   const StartData<dim>     &data,
                   const double              t0,
                   const double              dt,
                   const MPI_Comm            communicator)
  {
    const Vertices<dim> vertices(tria);

    // The initial concentration.
    const std::vector<double> c0 =
      check_field(vertices, data.initial, t0, {}, communicator);

    // The temperature, positive at the vertices of regions whose law
    // depends on it.
    std::set<types::material_id> of_T;
    for (const auto &law : data.laws)
      if (law.law->depends_on_temperature())
        of_T.insert(law.region);
    std::vector<bool> needs_T(of_T.empty() ? 0 : vertices.points.size(), false);
    for (const auto &cell : tria.active_cell_iterators())
      if (!of_T.empty() && cell->is_locally_owned() &&
          of_T.count(cell->material_id()))
        for (const unsigned int v : cell->vertex_indices())
          needs_T[cell->vertex_index(v)] = true;
    std::function<bool(unsigned int)> positive_at;
    if (!of_T.empty())
      positive_at = [&](const unsigned int v) {
        return static_cast<bool>(needs_T[v]);
      };
    const std::vector<double> T =
      check_field(vertices, data.temperature, t0, positive_at, communicator);

    // Sources and boundary data.
    std::vector<std::vector<double>> prescribed;
    for (const auto &field : data.fields)
      {
        auto values = check_field(vertices, field, t0, {}, communicator);
        if (field.is_concentration)
          prescribed.push_back(std::move(values));
      }
    const auto ranges =
      concentration_ranges(tria, data, c0, prescribed, communicator);

    // Fluxes, which may depend on the concentration, over the range of
    // all concentrations at the start.
    std::pair<double, double> all{std::numeric_limits<double>::max(),
                                  -std::numeric_limits<double>::max()};
    const auto                include = [&](const double c) {
      if (std::isfinite(c))
        all = {std::min(all.first, c), std::max(all.second, c)};
    };
    for (const unsigned int v : vertices.list)
      include(c0[v]);
    for (const auto &values : prescribed)
      for (const double c : values)
        include(c);
    all = {Utilities::MPI::min(all.first, communicator),
           Utilities::MPI::max(all.second, communicator)};
    for (const auto &flux : data.fluxes)
      {
        FirstFailure<dim> failure;
        for (const unsigned int v : vertices.on_boundary(flux.boundary))
          {
            const Point<dim> &p = vertices.points[v];
            if (!failure.wants(p))
              continue;
            for (const double c : samples(true, c0[v], all))
              {
                std::string error;
                double      q = 0, dq = 0;
                evaluate(
                  [&]() {
                    std::tie(q, dq) = flux.value(p, t0, c);
                    return 0.0;
                  },
                  error);
                if (!error.empty() || !std::isfinite(q) || !std::isfinite(dq))
                  {
                    failure.offer(p,
                                  "Parameter <" + flux.parameter +
                                    ">: the flux through boundary <" +
                                    flux.boundary_name + "> " +
                                    not_finite_text(std::isfinite(q) ? dq : q,
                                                    error) +
                                    " at " + point_text(p) + ", t = " +
                                    number(t0) + " s, c = " + number(c) + ".");
                    break;
                  }
              }
          }
        failure.throw_if_any(communicator);
      }

    // Every law over the concentrations of its region.
    for (const auto &law : data.laws)
      {
        const auto range = ranges.find(law.region);
        const auto largest =
          check_law_values(tria,
                           law,
                           c0,
                           T,
                           range == ranges.end() ? std::make_pair(0.0, 0.0) :
                                                   range->second,
                           t0,
                           communicator);
        check_law_size(tria, law, largest, dt, communicator);
      }
  }

  void
  check_time_stepping(const bool   adaptive,
                      const double initial_step,
                      const double minimum_step,
                      const double maximum_step,
                      const double tolerance)
  {
    const std::string p = "Parameter <Time stepping/";
    AssertThrow(minimum_step > 0,
                ExcMessage(p + "Minimum step> must be positive, got " +
                           number(minimum_step) +
                           " (failed steps are cut until they fall below "
                           "it)."));
    AssertThrow(maximum_step >= minimum_step,
                ExcMessage(p + "Maximum step> (" + number(maximum_step) +
                           " s) must not be below <Minimum step> (" +
                           number(minimum_step) + " s)."));
    AssertThrow(initial_step >= minimum_step,
                ExcMessage(p + "Initial step> (" + number(initial_step) +
                           " s) must not be below <Minimum step> (" +
                           number(minimum_step) + " s)."));
    AssertThrow(adaptive || initial_step <= maximum_step,
                ExcMessage(p + "Initial step> (" + number(initial_step) +
                           " s) must not exceed <Maximum step> (" +
                           number(maximum_step) +
                           " s) with fixed steps (<Adaptive> = false)."));
    AssertThrow(!adaptive || tolerance > 0,
                ExcMessage(p +
                           "Tolerance> must be positive with adaptive "
                           "time steps (<Adaptive> = true), got " +
                           number(tolerance) + "."));
  }

  void
  throw_if_any_rank(const std::string &message, const MPI_Comm communicator)
  {
    const unsigned int rank = Utilities::MPI::this_mpi_process(communicator);
    const unsigned int first =
      Utilities::MPI::min(message.empty() ?
                            std::numeric_limits<unsigned int>::max() :
                            rank,
                          communicator);
    if (first == std::numeric_limits<unsigned int>::max())
      return;
    std::vector<char> buffer(message.begin(), message.end());
    buffer = Utilities::MPI::broadcast(communicator, buffer, first);
    throw CollectiveError(std::string(buffer.begin(), buffer.end()));
  }

  template void
  check_start_data<1>(const Triangulation<1> &,
                      const StartData<1> &,
                      double,
                      double,
                      MPI_Comm);
  template void
  check_start_data<2>(const Triangulation<2> &,
                      const StartData<2> &,
                      double,
                      double,
                      MPI_Comm);
  template void
  check_start_data<3>(const Triangulation<3> &,
                      const StartData<3> &,
                      double,
                      double,
                      MPI_Comm);
} // namespace Fluxion
