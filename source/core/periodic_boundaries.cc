#include <deal.II/base/exceptions.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/grid/grid_tools.h>

#include <fluxion/core/periodic_boundaries.h>
#include <fluxion/core/utilities.h>

#include <cmath>
#include <set>

namespace Fluxion
{
  namespace
  {
    const std::string parameter = "Geometry/Periodic boundaries";

    // The value of the entry @p path ("Section/Entry") if it is declared,
    // else an empty string.
    std::string
    entry_or_empty(ParameterHandler &prm, const std::string &path)
    {
      const auto parts = Utilities::split_string_list(path, '/');
      try
        {
          std::vector<std::string> sections(parts.begin(), parts.end() - 1);
          return prm.get(sections, parts.back());
        }
      catch (const ExceptionBase &)
        {
          return "";
        }
    }
  } // namespace

  template <int dim>
  void
  PeriodicBoundaries<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry(
      "Periodic boundaries",
      "",
      Patterns::Anything(),
      "Pairs of named boundaries that are identified with each other, "
      "'first: second, first: second' (e.g. 'left: right, bottom: top'): "
      "the field takes the same values on both, and what leaves through one "
      "enters through the other. The second boundary must be the first one "
      "moved by a translation; its direction is the axis along which the "
      "centres of the two boundaries lie farthest apart, and its length is "
      "taken from the coarse mesh. A periodic boundary is no boundary of the "
      "domain any more: it takes no boundary condition, and its 'flux' "
      "column of the boundary fluxes is 0. Empty: none.");
  }

  template <int dim>
  void
  PeriodicBoundaries<dim>::parse(
    const std::string                               &text,
    const std::map<std::string, types::boundary_id> &boundary_ids)
  {
    pairs.clear();
    std::set<std::string> used;
    for (const auto &p : parse_map(text, parameter))
      {
        for (const auto &name : {p.first, p.second})
          {
            AssertThrow(boundary_ids.count(name),
                        ExcMessage("Parameter <" + parameter +
                                   ">: the mesh has no boundary named <" +
                                   name + ">. Its boundaries are: " +
                                   join_names(boundary_ids) + "."));
          }
        AssertThrow(p.first != p.second,
                    ExcMessage("Parameter <" + parameter + ">: boundary <" +
                               p.first +
                               "> is paired with itself; a pair needs two "
                               "different boundaries."));
        for (const auto &name : {p.first, p.second})
          {
            AssertThrow(used.insert(name).second,
                        ExcMessage("Parameter <" + parameter + ">: boundary <" +
                                   name +
                                   "> appears in more than one pair; each "
                                   "boundary can have one partner only."));
          }
        Pair pair;
        pair.first_name  = p.first;
        pair.second_name = p.second;
        pair.first       = boundary_ids.at(p.first);
        pair.second      = boundary_ids.at(p.second);
        pairs.push_back(pair);
      }
  }

  template <int dim>
  bool
  PeriodicBoundaries<dim>::is_periodic(const std::string &name) const
  {
    for (const auto &p : pairs)
      if (p.first_name == name || p.second_name == name)
        return true;
    return false;
  }

  template <int dim>
  void
  PeriodicBoundaries<dim>::check_parameters(ParameterHandler &prm) const
  {
    if (pairs.empty())
      return;
    // Only the sections of the chosen physics count (every physics declares
    // its own).
    const std::string physics = prm.get("Physics");
    // Fickian diffusion: boundary conditions by name.
    const std::string types =
      physics == "diffusion" ?
        entry_or_empty(prm, "Boundary conditions/Types") :
        "";
    if (!types.empty())
      for (const auto &b : parse_map(types, "Boundary conditions/Types"))
        AssertThrow(!is_periodic(b.first),
                    ExcMessage(
                      "Parameter <Boundary conditions/Types>: boundary <" +
                      b.first + "> is periodic (<" + parameter +
                      ">) and takes no boundary condition (" + b.second +
                      "): it is no boundary of the domain, and a "
                      "prescribed value or flux there would have no "
                      "meaning."));
    // Dopant diffusion: the surface with its conditions and its flux.
    std::string surface = physics == "dopant diffusion" ?
                            entry_or_empty(prm, "Dopant diffusion/Surface") :
                            "";
    if (physics == "dopant diffusion" && surface.empty())
      surface = (dim == 1 ? "left" : dim == 2 ? "top" : "front");
    AssertThrow(surface.empty() || !is_periodic(surface),
                ExcMessage("Parameter <Dopant diffusion/Surface>: boundary <" +
                           surface + "> is periodic (<" + parameter +
                           ">); the surface conditions and the flux through "
                           "it would have no meaning there."));
    // The matrix-free multigrid has no periodic constraints on its levels.
    AssertThrow(physics != "diffusion" ||
                  entry_or_empty(prm, "Solver/Operator") != "matrix-free",
                ExcMessage("Parameter <Solver/Operator>: the matrix-free "
                           "operator does not support periodic boundaries (<" +
                           parameter + ">); use matrix-based."));
  }

  template <int dim>
  unsigned int
  PeriodicBoundaries<dim>::find_translation(const Triangulation<dim> &tria,
                                            Pair &pair) const
  {
    // Number and centre of the coarse faces of each boundary.
    unsigned int n[2] = {0, 0};
    Point<dim>   centre[2];
    for (const auto &cell : tria.cell_iterators_on_level(0))
      for (const auto f : cell->face_indices())
        if (cell->face(f)->at_boundary())
          for (unsigned int k = 0; k < 2; ++k)
            if (cell->face(f)->boundary_id() ==
                (k == 0 ? pair.first : pair.second))
              {
                ++n[k];
                centre[k] += cell->face(f)->center();
              }
    const std::string names =
      "<" + pair.first_name + "> and <" + pair.second_name + ">";
    AssertThrow(n[0] > 0 && n[1] > 0,
                ExcMessage("Parameter <" + parameter + ">: boundary <" +
                           (n[0] == 0 ? pair.first_name : pair.second_name) +
                           "> has no faces on the coarse mesh."));
    AssertThrow(n[0] == n[1],
                ExcMessage("Parameter <" + parameter + ">: the faces of " +
                           names + " do not match: " + std::to_string(n[0]) +
                           " and " + std::to_string(n[1]) +
                           " faces on the coarse mesh."));
    const Tensor<1, dim> shift = centre[1] / n[1] - centre[0] / n[0];
    pair.direction             = 0;
    for (unsigned int d = 1; d < dim; ++d)
      if (std::abs(shift[d]) > std::abs(shift[pair.direction]))
        pair.direction = d;
    AssertThrow(std::abs(shift[pair.direction]) > 0,
                ExcMessage("Parameter <" + parameter + ">: " + names +
                           " lie at the same place; no translation maps one "
                           "onto the other."));
    // The tangential part of the translation; round-off of the centres
    // becomes an exact zero.
    pair.offset = shift;
    for (unsigned int d = 0; d < dim; ++d)
      if (d == pair.direction ||
          std::abs(shift[d]) < 1e-12 * std::abs(shift[pair.direction]))
        pair.offset[d] = 0;
    return n[0];
  }

  template <int dim>
  void
  PeriodicBoundaries<dim>::add_to(Triangulation<dim> &tria)
  {
    std::vector<
      GridTools::PeriodicFacePair<typename Triangulation<dim>::cell_iterator>>
      matched;
    for (auto &pair : pairs)
      {
        const unsigned int n_faces = find_translation(tria, pair);
        const std::size_t  before  = matched.size();
        try
          {
            GridTools::collect_periodic_faces(tria,
                                              pair.first,
                                              pair.second,
                                              pair.direction,
                                              matched,
                                              pair.offset);
          }
        catch (const ExceptionBase &)
          {
            matched.resize(before);
          }
        AssertThrow(matched.size() == before + n_faces,
                    ExcMessage("Parameter <" + parameter + ">: the faces of <" +
                               pair.first_name + "> and <" + pair.second_name +
                               "> do not match: no translation along axis " +
                               std::to_string(pair.direction) +
                               " maps every face of one onto a face of the "
                               "other."));
      }
    if (!matched.empty())
      tria.add_periodicity(matched);
  }

  template <int dim>
  void
  add_periodicity_constraints(const DoFHandler<dim>     &dof_handler,
                              AffineConstraints<double> &constraints)
  {
    // The map holds every pair twice (once from each side) and on every
    // level; the coarse pairs, taken from the side with the lower boundary
    // id, give every constraint (deal.II descends into the children).
    for (const auto &entry :
         dof_handler.get_triangulation().get_periodic_face_map())
      {
        const auto &cell_1 = entry.first.first;
        const auto &cell_2 = entry.second.first.first;
        const auto  face_1 = entry.first.second;
        const auto  face_2 = entry.second.first.second;
        if (cell_1->level() != 0 || cell_1->face(face_1)->boundary_id() >
                                      cell_2->face(face_2)->boundary_id())
          continue;
        const typename DoFHandler<dim>::cell_iterator dof_cell_1(
          &dof_handler.get_triangulation(),
          cell_1->level(),
          cell_1->index(),
          &dof_handler);
        const typename DoFHandler<dim>::cell_iterator dof_cell_2(
          &dof_handler.get_triangulation(),
          cell_2->level(),
          cell_2->index(),
          &dof_handler);
        const auto &orientation = entry.second.second;
        DoFTools::make_periodicity_constraints(dof_cell_1->face(face_1),
                                               dof_cell_2->face(face_2),
                                               constraints,
                                               ComponentMask(),
                                               orientation[0],
                                               orientation[1],
                                               orientation[2]);
      }
  }

  template class PeriodicBoundaries<1>;
  template class PeriodicBoundaries<2>;
  template class PeriodicBoundaries<3>;
  template void
  add_periodicity_constraints(const DoFHandler<1> &,
                              AffineConstraints<double> &);
  template void
  add_periodicity_constraints(const DoFHandler<2> &,
                              AffineConstraints<double> &);
  template void
  add_periodicity_constraints(const DoFHandler<3> &,
                              AffineConstraints<double> &);
} // namespace Fluxion
